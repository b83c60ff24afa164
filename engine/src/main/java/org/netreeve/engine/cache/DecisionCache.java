package org.netreeve.engine.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decisions already made, by everything that went into them. A cache belongs to one policy
 * snapshot (rule base, profiles, settings): a reload makes a new snapshot with an empty cache, so
 * a stale verdict can never be served.
 *
 * <p>Thread-safe. Bounded: when it holds {@code capacity} entries it is cleared, which keeps the
 * hot path free of eviction bookkeeping; the entries that matter come back within a second.
 */
public final class DecisionCache {

  private final ConcurrentHashMap<DecisionKey, CachedDecision> map;
  private final int capacity;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder clears = new LongAdder();

  public DecisionCache(int capacity) {
    this.capacity = capacity;
    this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
  }

  /** The cached decision for {@code key}, or null. */
  public CachedDecision get(DecisionKey key) {
    CachedDecision d = map.get(key);
    if (d == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return d;
  }

  public void put(DecisionKey key, CachedDecision decision) {
    if (map.size() >= capacity) {
      map.clear();
      clears.increment();
    }
    map.put(key, decision);
  }

  public void clear() {
    map.clear();
  }

  public int size() {
    return map.size();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long clears() {
    return clears.sum();
  }
}
