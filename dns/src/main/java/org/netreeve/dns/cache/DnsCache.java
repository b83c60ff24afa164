package org.netreeve.dns.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The shared answer cache. Entries live for their TTL (bounds are applied when entries are made); concurrent
 * misses for the same key share one upstream request through the in-flight map.
 *
 * <p>Thread rules: all methods are safe to call from any thread. The maps are concurrent; eviction runs
 * under a try-lock so at most one thread pays for it while the others carry on. Size is bounded
 * approximately: it may exceed the bound by the number of concurrent inserts.
 */
public final class DnsCache {

    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<CacheKey, CacheEntry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CacheKey, CompletableFuture<CacheEntry>> inflight = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder joins = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final ReentrantLock evictLock = new ReentrantLock();

    /** @param maxEntries 0 disables caching (in-flight deduplication still works) */
    public DnsCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** The live entry for {@code key}, or {@code null}; counts a hit or a miss. */
    public CacheEntry get(CacheKey key) {
        CacheEntry e = entries.get(key);
        if (e != null) {
            if (e.expiresAtMillis() > clock.millis()) {
                hits.increment();
                return e;
            }
            if (entries.remove(key, e)) {
                size.decrementAndGet();
            }
        }
        misses.increment();
        return null;
    }

    /**
     * Fetches the answer for {@code key} with {@code loader}, unless an identical fetch is already running,
     * in which case its result is shared. Results with a TTL are stored.
     */
    public CompletableFuture<CacheEntry> fetch(CacheKey key, Supplier<CompletableFuture<CacheEntry>> loader) {
        CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
        CompletableFuture<CacheEntry> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            joins.increment();
            return running;
        }
        CompletableFuture<CacheEntry> load;
        try {
            load = loader.get();
        } catch (RuntimeException ex) {
            load = CompletableFuture.failedFuture(ex);
        }
        load.whenComplete((entry, error) -> {
            if (error == null && entry != null && entry.ttlSeconds() > 0) {
                put(key, entry);
            }
            inflight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(entry);
            }
        });
        return mine;
    }

    /** Stores an entry (ignored when caching is off or the entry has no TTL). */
    public void put(CacheKey key, CacheEntry entry) {
        if (maxEntries == 0 || entry.ttlSeconds() <= 0) {
            return;
        }
        if (entries.put(key, entry) == null && size.incrementAndGet() > maxEntries) {
            evict();
        }
    }

    /** Removes every cached answer (in-flight queries finish normally). */
    public void flush() {
        for (CacheKey k : new ArrayList<>(entries.keySet())) {
            if (entries.remove(k) != null) {
                size.decrementAndGet();
            }
        }
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), joins.sum(), Math.max(0, size.get()), evictions.sum(),
                inflight.size());
    }

    /** Drops expired entries, then the ones expiring soonest, down to 90% of the bound. */
    private void evict() {
        if (!evictLock.tryLock()) {
            return;
        }
        try {
            long now = clock.millis();
            List<Map.Entry<CacheKey, CacheEntry>> live = new ArrayList<>(entries.size());
            for (Map.Entry<CacheKey, CacheEntry> e : entries.entrySet()) {
                if (e.getValue().expiresAtMillis() <= now) {
                    if (entries.remove(e.getKey(), e.getValue())) {
                        size.decrementAndGet();
                    }
                } else {
                    live.add(e);
                }
            }
            int target = (int) (maxEntries * 0.9);
            if (size.get() <= target) {
                return;
            }
            live.sort((a, b) -> Long.compare(a.getValue().expiresAtMillis(), b.getValue().expiresAtMillis()));
            for (Map.Entry<CacheKey, CacheEntry> e : live) {
                if (size.get() <= target) {
                    break;
                }
                if (entries.remove(e.getKey(), e.getValue())) {
                    size.decrementAndGet();
                    evictions.increment();
                }
            }
        } finally {
            evictLock.unlock();
        }
    }
}
