package org.netreeve.dns.cache;

/**
 * Counters of the cache since start (or the last flush for {@code entries}).
 *
 * @param hits          queries answered from the cache
 * @param misses        queries that needed an upstream
 * @param inflightJoins misses that waited for an identical query already at an upstream instead of asking again
 * @param entries       answers cached now
 * @param evictions     answers removed to stay within the size bound (expiry not counted)
 * @param inflight      distinct questions at an upstream right now
 */
public record CacheStats(long hits, long misses, long inflightJoins, int entries, long evictions, int inflight) {
}
