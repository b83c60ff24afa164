package org.netreeve.dns.policy;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.netreeve.net.IpProtocol;

/**
 * One query as the policy sees it.
 *
 * @param client      the address and port the query came from (attribution looks up the socket behind it)
 * @param local       the local address it arrived on (with mark-1799 rerouting this is where it was sent)
 * @param protocol    {@link IpProtocol#UDP}, {@link IpProtocol#TCP}, or {@link #INTERNAL} for a query
 *                    issued through the library API (not from a socket)
 * @param qname       the queried name in lower case without the trailing dot ({@code ""} for the root)
 * @param qtype       the numeric query type (1 = A, 28 = AAAA, ...)
 * @param queryId     the client's message id
 * @param attribution the token returned by {@link QueryPolicy#beforeResolve}; {@code null} before that stage
 */
public record QueryContext(InetSocketAddress client, InetSocketAddress local, int protocol,
                           String qname, int qtype, int queryId, String attribution) {

    /** The protocol of a query issued through the library API (for example {@code netreeve dns query}). */
    public static final int INTERNAL = 0;

    public QueryContext {
        Objects.requireNonNull(qname, "qname");
    }

    /** True for a query issued through the library API rather than received on a socket. */
    public boolean internal() {
        return protocol == INTERNAL;
    }

    /** The query type's mnemonic, e.g. {@code A} or {@code TYPE65280}. */
    public String qtypeName() {
        return org.xbill.DNS.Type.string(qtype);
    }

    /** The same query carrying the attribution token the before-resolve stage returned. */
    public QueryContext withAttribution(String token) {
        return new QueryContext(client, local, protocol, qname, qtype, queryId, token);
    }
}
