package org.netreeve.dns.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.dns.upstream.UpstreamSpec;

/**
 * Everything the DNS module can be configured with. Build it with {@link DnsConfigParser} from the
 * {@code dns:} section, or start from {@link #defaults()}.
 *
 * @param listen          addresses the nameserver binds, UDP and TCP on each
 * @param upstreams       internet resolvers, tried in order
 * @param localUpstreams  resolvers for local and special names; {@code null} means the nameservers of
 *                        /etc/resolv.conf at start (minus Netreeve's own listen addresses)
 * @param localDomains    further domains that belong to the local network and go to the local resolvers
 * @param systemSearchDomains whether the search domains of /etc/resolv.conf count as local domains
 * @param blockStyle      how blocked queries are answered unless the policy says otherwise
 * @param blockedTtl      TTL of synthesized block answers
 * @param cache           cache bounds
 * @param memory          IP → domain memory bounds
 * @param timeouts        time limits
 * @param server          serving threads and limits
 * @param tls             DoT/DoH connection handling
 */
public record DnsConfig(List<InetSocketAddress> listen, List<UpstreamSpec> upstreams, List<UpstreamSpec> localUpstreams,
                        List<String> localDomains, boolean systemSearchDomains, BlockStyle blockStyle,
                        Duration blockedTtl, Cache cache, Memory memory, Timeouts timeouts, Server server, Tls tls) {

    public DnsConfig {
        listen = List.copyOf(listen);
        upstreams = List.copyOf(upstreams);
        localUpstreams = localUpstreams == null ? null : List.copyOf(localUpstreams);
        localDomains = List.copyOf(localDomains);
        Objects.requireNonNull(blockStyle, "blockStyle");
        Objects.requireNonNull(blockedTtl, "blockedTtl");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tls, "tls");
    }

    /**
     * @param maxEntries     entries kept at most; the ones expiring soonest make room
     * @param minTtl         answers are kept (and served) at least this long
     * @param maxTtl         and at most this long
     * @param negativeMaxTtl cap for NXDOMAIN/NODATA answers, which live for their SOA minimum otherwise
     */
    public record Cache(int maxEntries, Duration minTtl, Duration maxTtl, Duration negativeMaxTtl) {
    }

    /**
     * @param grace      how long after its TTL an address still maps to its domain (apps connect late)
     * @param maxEntries entries kept at most
     */
    public record Memory(Duration grace, int maxEntries) {
    }

    /**
     * @param upstream         one attempt at one upstream
     * @param query            all attempts of one query together
     * @param retryFailedAfter a failed upstream is skipped this long, then tried again
     * @param tcpIdle          a client TCP connection without queries is closed after this
     */
    public record Timeouts(Duration upstream, Duration query, Duration retryFailedAfter, Duration tcpIdle) {
    }

    /**
     * @param udpThreads        threads receiving and answering on each UDP socket
     * @param resolverThreads   threads finishing queries whose upstream answer arrived
     * @param maxTcpConnections client TCP connections open at once, over all listen addresses
     * @param ednsUdpSize       the UDP payload size announced to clients and to upstreams
     */
    public record Server(int udpThreads, int resolverThreads, int maxTcpConnections, int ednsUdpSize) {
    }

    /**
     * @param idleTimeout       an idle DoT/TCP/DoH upstream connection is closed after this
     * @param dohMaxConnections HTTP/1.1 connections kept per DoH upstream
     */
    public record Tls(Duration idleTimeout, int dohMaxConnections) {
    }

    /** Defaults: loopback on port 53, DoT to Cloudflare and Quad9, local resolvers from /etc/resolv.conf. */
    public static DnsConfig defaults() {
        return new DnsConfig(
                List.of(new InetSocketAddress(IpLiteral.parseOrNull("127.0.0.1"), 53),
                        new InetSocketAddress(IpLiteral.parseOrNull("::1"), 53)),
                List.of(UpstreamSpec.parse("dot://1.1.1.1:853?name=cloudflare-dns.com"),
                        UpstreamSpec.parse("dot://9.9.9.9:853?name=dns.quad9.net")),
                null, List.of(), true, BlockStyle.NXDOMAIN, Duration.ofSeconds(10),
                new Cache(10_000, Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(15)),
                new Memory(Duration.ofMinutes(5), 100_000),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10)),
                new Server(2, 4, 64, 1232),
                new Tls(Duration.ofSeconds(60), 4));
    }
}
