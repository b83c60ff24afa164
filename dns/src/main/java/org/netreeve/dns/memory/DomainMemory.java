package org.netreeve.dns.memory;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.netreeve.dns.policy.ResolvedAddress;

/**
 * Remembers, for each address handed out in an answer, the domain it answered — once under the query's
 * attribution token (for example a profile id) and once globally. The connection stages look the address of a
 * new connection up here, which is what makes DirectConnect (connecting without a lookup) decidable.
 *
 * <p>An entry lives for the answer's TTL plus a grace period (applications connect a little after the TTL ran
 * out, or cache answers themselves). When several names resolve to one address, the latest answer wins.
 *
 * <p>Thread rules: safe from any thread; lookups are two concurrent-map reads without locking. Eviction runs
 * under a try-lock when the bound is exceeded; the bound is approximate by the number of concurrent inserts.
 */
public final class DomainMemory {

    private final Clock clock;
    private final long graceMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<Key, Entry> attributed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Entry> global = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder evictions = new LongAdder();
    private final ReentrantLock evictLock = new ReentrantLock();

    public DomainMemory(Clock clock, Duration grace, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.graceMillis = grace.toMillis();
        this.maxEntries = maxEntries;
    }

    /**
     * Records an answer: each address maps to {@code domain} (with its CNAME chain) under {@code token}
     * ({@code null}: global only) and globally.
     */
    public void record(String token, String domain, List<String> cnameChain, List<ResolvedAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        long now = clock.millis();
        List<String> chain = List.copyOf(cnameChain);
        for (ResolvedAddress a : addresses) {
            long expires = now + a.ttlSeconds() * 1000 + graceMillis;
            Entry e = null;
            if (token != null) {
                Key key = new Key(token, a.address());
                if (!same(attributed.get(key), domain, expires)) {
                    e = new Entry(domain, chain, now, expires);
                    if (attributed.put(key, e) == null) {
                        size.incrementAndGet();
                    }
                }
            }
            if (!same(global.get(a.address()), domain, expires)) {
                if (global.put(a.address(), e != null ? e : new Entry(domain, chain, now, expires)) == null) {
                    size.incrementAndGet();
                }
            }
        }
        if (size.get() > maxEntries) {
            evict();
        }
    }

    /**
     * Cache hits repeat the same answer with the same expiry; skipping those writes keeps the hot path read-only.
     */
    private static boolean same(Entry old, String domain, long expires) {
        return old != null && old.domain.equals(domain) && Math.abs(old.expiresAt - expires) < 1000;
    }

    /**
     * The domain {@code address} was resolved from for {@code token}, else from any query; empty when no
     * live entry exists.
     */
    public Optional<RememberedDomain> lookup(String token, InetAddress address) {
        long now = clock.millis();
        if (token != null) {
            Entry e = attributed.get(new Key(token, address));
            if (e != null && e.expiresAt > now) {
                return Optional.of(e.toResult(RememberedDomain.Match.ATTRIBUTED));
            }
        }
        Entry g = global.get(address);
        if (g != null && g.expiresAt > now) {
            return Optional.of(g.toResult(RememberedDomain.Match.GLOBAL));
        }
        return Optional.empty();
    }

    /** Entries held (attributed and global), expired ones not yet swept included. */
    public int size() {
        return Math.max(0, size.get());
    }

    /** Entries removed to stay within the bound while still live. */
    public long evictions() {
        return evictions.sum();
    }

    public void clear() {
        attributed.clear();
        global.clear();
        size.set(0);
    }

    private void evict() {
        if (!evictLock.tryLock()) {
            return;
        }
        try {
            long now = clock.millis();
            List<Victim> live = new ArrayList<>();
            sweep(attributed, now, live);
            sweep(global, now, live);
            int target = (int) (maxEntries * 0.9);
            if (size.get() <= target) {
                return;
            }
            live.sort((a, b) -> Long.compare(a.entry.expiresAt, b.entry.expiresAt));
            for (Victim v : live) {
                if (size.get() <= target) {
                    break;
                }
                if (v.map.remove(v.key, v.entry)) {
                    size.decrementAndGet();
                    evictions.increment();
                }
            }
        } finally {
            evictLock.unlock();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <K> void sweep(ConcurrentHashMap<K, Entry> map, long now, List<Victim> live) {
        for (Map.Entry<K, Entry> e : map.entrySet()) {
            if (e.getValue().expiresAt <= now) {
                if (map.remove(e.getKey(), e.getValue())) {
                    size.decrementAndGet();
                }
            } else {
                live.add(new Victim((ConcurrentHashMap) map, e.getKey(), e.getValue()));
            }
        }
    }

    private record Key(String token, InetAddress address) {
    }

    private record Victim(ConcurrentHashMap<Object, Entry> map, Object key, Entry entry) {
    }

    private static final class Entry {
        final String domain;
        final List<String> chain;
        final long resolvedAt;
        final long expiresAt;

        Entry(String domain, List<String> chain, long resolvedAt, long expiresAt) {
            this.domain = domain;
            this.chain = chain;
            this.resolvedAt = resolvedAt;
            this.expiresAt = expiresAt;
        }

        RememberedDomain toResult(RememberedDomain.Match match) {
            return new RememberedDomain(domain, chain, Instant.ofEpochMilli(resolvedAt), Instant.ofEpochMilli(expiresAt),
                    match);
        }
    }
}
