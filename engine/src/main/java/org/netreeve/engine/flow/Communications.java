package org.netreeve.engine.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The communications the firewall knows, so that a communication is decided once and its links
 * find it. Bounded: past {@code capacity} the least recently used half is forgotten (a forgotten
 * communication is simply decided again when its next link comes). {@link #none()} keeps nothing,
 * for dry runs, where every question stands alone.
 *
 * <p>Thread rules: any thread.
 */
public final class Communications {

  private final int capacity;
  private final ConcurrentHashMap<Communication.Key, Communication> byKey;
  private final String idPrefix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final AtomicLong ids = new AtomicLong();

  private Communications(int capacity) {
    this.capacity = capacity;
    this.byKey = capacity == 0 ? null : new ConcurrentHashMap<>();
  }

  /** A table of at most {@code capacity} communications. */
  public static Communications bounded(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    return new Communications(capacity);
  }

  /** A table that remembers nothing. */
  public static Communications none() {
    return new Communications(0);
  }

  /** The communication with {@code key}, made (undecided) when it is new. */
  Communication find(Communication.Key key, boolean byDomain) {
    long now = System.nanoTime();
    if (byKey == null) {
      return new Communication(nextId(), key, byDomain);
    }
    Communication c = byKey.get(key);
    if (c == null) {
      if (byKey.size() >= capacity) {
        forgetOldest(byKey.size() / 2);
      }
      c = byKey.computeIfAbsent(key, k -> new Communication(nextId(), k, byDomain));
    }
    c.used(now);
    return c;
  }

  private String nextId() {
    return "c" + idPrefix + "-" + Long.toHexString(ids.incrementAndGet());
  }

  /** Forgets communications unused for {@code idleNanos}; returns how many. */
  public int expire(long idleNanos) {
    if (byKey == null) {
      return 0;
    }
    long now = System.nanoTime();
    int before = byKey.size();
    byKey.values().removeIf(c -> now - c.lastUsedNanos() >= idleNanos);
    return before - byKey.size();
  }

  private void forgetOldest(int n) {
    List<Communication> all = new ArrayList<>(byKey.values());
    all.sort((a, b) -> Long.compare(a.lastUsedNanos(), b.lastUsedNanos()));
    for (int i = 0; i < n && i < all.size(); i++) {
      byKey.remove(all.get(i).key(), all.get(i));
    }
  }

  /** Every communication known now, for the monitor. */
  public List<Communication> list() {
    return byKey == null ? List.of() : new ArrayList<>(byKey.values());
  }

  public int size() {
    return byKey == null ? 0 : byKey.size();
  }
}
