package org.netreeve.dns.service;

import java.util.List;
import org.netreeve.dns.cache.CacheStats;
import org.netreeve.dns.server.ServerStats;
import org.netreeve.dns.upstream.UpstreamStats;

/**
 * What {@code netreeve dns cache} shows.
 *
 * @param cache           cache counters
 * @param upstreams       internet upstreams: health, counts, latencies
 * @param localUpstreams  local resolvers: the same
 * @param server          listening side counters
 * @param memoryEntries   IP → domain entries held
 */
public record DnsStats(CacheStats cache, List<UpstreamStats> upstreams, List<UpstreamStats> localUpstreams,
                       ServerStats server, int memoryEntries) {

    public DnsStats {
        upstreams = List.copyOf(upstreams);
        localUpstreams = List.copyOf(localUpstreams);
    }
}
