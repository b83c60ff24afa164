package org.netreeve.dns.upstream;

/**
 * How one upstream has been doing since start.
 *
 * @param url               as configured
 * @param healthy           false while it is skipped after a failure
 * @param queries           attempts sent to it
 * @param failures          attempts that timed out or failed in transport
 * @param averageLatencyMs  mean time to a response, over answered attempts
 * @param maxLatencyMs      slowest response
 */
public record UpstreamStats(String url, boolean healthy, long queries, long failures, double averageLatencyMs,
                            double maxLatencyMs) {
}
