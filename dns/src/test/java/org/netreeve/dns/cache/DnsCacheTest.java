package org.netreeve.dns.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.netreeve.net.fixtures.ManualClock;
import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.policy.ResolverInfo;

class DnsCacheTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final CacheKey key = new CacheKey("a.test", 1, 1, false);

    @Test
    void servesUntilTtlRunsOut() {
        DnsCache cache = new DnsCache(clock, 100);
        cache.put(key, entry(60));
        assertNotNull(cache.get(key));
        clock.advance(Duration.ofSeconds(59));
        CacheEntry e = cache.get(key);
        assertNotNull(e);
        assertEquals(59, e.ageSeconds(clock.millis()));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.get(key));
        CacheStats s = cache.stats();
        assertEquals(2, s.hits());
        assertEquals(1, s.misses());
        assertEquals(0, s.entries());
    }

    @Test
    void answersWithoutTtlAreNotStored() {
        DnsCache cache = new DnsCache(clock, 100);
        cache.put(key, entry(0));
        assertNull(cache.get(key));
    }

    @Test
    void concurrentMissesShareOneUpstreamRequest() throws Exception {
        DnsCache cache = new DnsCache(clock, 100);
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<CacheEntry> upstream = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch started = new CountDownLatch(8);
        List<CompletableFuture<CacheEntry>> waiting = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<CompletableFuture<CacheEntry>>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> {
                    started.countDown();
                    return cache.fetch(key, () -> {
                        loads.incrementAndGet();
                        return upstream;
                    });
                }));
            }
            for (var f : fs) {
                waiting.add(f.get(5, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, loads.get());
        assertEquals(7, cache.stats().inflightJoins());
        assertEquals(1, cache.stats().inflight());
        CacheEntry e = entry(30);
        upstream.complete(e);
        for (CompletableFuture<CacheEntry> w : waiting) {
            assertSame(e, w.get(5, TimeUnit.SECONDS));
        }
        assertEquals(0, cache.stats().inflight());
        assertSame(e, cache.get(key), "the shared answer was cached");
    }

    @Test
    void failedFetchIsNotCachedAndCanBeRetried() {
        DnsCache cache = new DnsCache(clock, 100);
        CompletableFuture<CacheEntry> f = cache.fetch(key,
                () -> CompletableFuture.failedFuture(new java.io.IOException("down")));
        assertTrue(f.isCompletedExceptionally());
        AtomicInteger loads = new AtomicInteger();
        cache.fetch(key, () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(entry(10));
        });
        assertEquals(1, loads.get());
    }

    @Test
    void staysWithinBoundEvictingSoonestExpiring() {
        DnsCache cache = new DnsCache(clock, 100);
        for (int i = 0; i < 250; i++) {
            cache.put(new CacheKey("n" + i + ".test", 1, 1, false), entry(1000 + i));
        }
        assertTrue(cache.stats().entries() <= 100, "entries " + cache.stats().entries());
        assertTrue(cache.stats().evictions() > 0);
        assertNotNull(cache.get(new CacheKey("n249.test", 1, 1, false)), "longest-lived entry kept");
    }

    @Test
    void flushEmptiesTheCache() {
        DnsCache cache = new DnsCache(clock, 100);
        cache.put(key, entry(60));
        cache.flush();
        assertNull(cache.get(key));
        assertEquals(0, cache.stats().entries());
    }

    @Test
    void dnssecFlagIsPartOfTheKey() {
        DnsCache cache = new DnsCache(clock, 100);
        cache.put(key, entry(60));
        assertNull(cache.get(new CacheKey("a.test", 1, 1, true)));
    }

    private CacheEntry entry(long ttl) {
        ResolvedAnswer a = new ResolvedAnswer("a.test", 1, 0, List.of(), List.of(),
                new ResolverInfo("dns://192.0.2.1", org.netreeve.dns.policy.ResolverScope.GLOBAL), false);
        return new CacheEntry(AnswerTemplate.empty(0, 10, null), a, clock.millis(), ttl);
    }
}
