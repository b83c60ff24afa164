package org.netreeve.dns.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What the resolver found, before the after-resolve stage decides on it.
 *
 * @param qname      the queried name (lower case, no trailing dot)
 * @param qtype      the query type
 * @param rcode      the response code (0 NOERROR, 3 NXDOMAIN, ...)
 * @param cnameChain the CNAME targets followed from {@code qname}, in order (lower case, no trailing dot)
 * @param addresses  the A/AAAA records that answer the query, TTLs as they will be served
 * @param resolver   who answered, and whether it is an internet or a local resolver
 * @param fromCache  whether the answer came from the cache (decisions are per query; the cache is shared)
 */
public record ResolvedAnswer(String qname, int qtype, int rcode, List<String> cnameChain,
                             List<ResolvedAddress> addresses, ResolverInfo resolver, boolean fromCache) {

    public ResolvedAnswer {
        Objects.requireNonNull(qname, "qname");
        cnameChain = List.copyOf(cnameChain);
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(resolver, "resolver");
    }

    /** Every name the answer went through: the queried name followed by the CNAME chain. */
    public List<String> allNames() {
        if (cnameChain.isEmpty()) {
            return List.of(qname);
        }
        String[] names = new String[cnameChain.size() + 1];
        names[0] = qname;
        for (int i = 0; i < cnameChain.size(); i++) {
            names[i + 1] = cnameChain.get(i);
        }
        return List.of(names);
    }

    /** Just the addresses. */
    public List<InetAddress> addressList() {
        return addresses.stream().map(ResolvedAddress::address).toList();
    }

    /** The same answer with TTLs reduced by {@code seconds} (a cache hit's age), never below zero. */
    public ResolvedAnswer aged(long seconds, boolean cached) {
        if (seconds <= 0 && cached == fromCache) {
            return this;
        }
        ResolvedAddress[] aged = new ResolvedAddress[addresses.size()];
        for (int i = 0; i < aged.length; i++) {
            ResolvedAddress a = addresses.get(i);
            aged[i] = new ResolvedAddress(a.address(), Math.max(0, a.ttlSeconds() - seconds));
        }
        return new ResolvedAnswer(qname, qtype, rcode, cnameChain, List.of(aged), resolver, cached);
    }
}
