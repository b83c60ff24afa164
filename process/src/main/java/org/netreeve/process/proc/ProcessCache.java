package org.netreeve.process.proc;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.netreeve.process.ProcessInfo;

/**
 * Processes read from /proc, by (pid, start time), bounded in size and dropped when idle.
 *
 * <p>Each entry keeps the process alone (without parents) and, separately, the whole
 * ProcessInfo with its parent chain as last assembled, so a repeated attribution costs one read
 * of /proc/PID/stat. An entry also remembers the process's comm: execve(2) keeps pid and start
 * time but changes comm, so a different comm means the entry describes the program before the
 * exec and must be read again.
 *
 * <p>Thread rules: all state is guarded by this object's monitor; no I/O happens under it.
 * Eviction runs inside {@link #get} and {@link #put}: the least recently used entries go first,
 * when the cache is full or when they were not used for the idle time.
 */
public final class ProcessCache {

  /** A cached process: the process alone, and optionally its assembled chain. */
  public record Entry(ProcessInfo process, String comm, ProcessInfo withParents,
      long assembledAtMillis) {
    public Entry {
      Objects.requireNonNull(process, "process");
      Objects.requireNonNull(comm, "comm");
    }
  }

  private static final class Slot {
    final ProcessKey key;
    Entry entry;
    long lastUsedMillis;

    Slot(ProcessKey key, Entry entry, long now) {
      this.key = key;
      this.entry = entry;
      this.lastUsedMillis = now;
    }
  }

  private final int capacity;
  private final long idleMillis;
  private final Clock clock;
  private final LinkedHashMap<ProcessKey, Slot> slots;
  private final HashMap<Integer, ProcessKey> latestByPid = new HashMap<>();

  /**
   * @param capacity the most processes kept
   * @param idle     how long an unused entry is kept
   */
  public ProcessCache(int capacity, Duration idle, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " is below 1");
    }
    this.capacity = capacity;
    this.idleMillis = idle.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.slots = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, true);
  }

  /**
   * The entry for {@code key}, or null when there is none, it idled out, or its comm differs
   * from {@code comm} (the process exec'd another program).
   */
  public synchronized Entry get(ProcessKey key, String comm) {
    long now = clock.millis();
    evict(now);
    Slot slot = slots.get(key);
    if (slot == null) {
      return null;
    }
    if (!slot.entry.comm().equals(comm)) {
      remove(key);
      return null;
    }
    slot.lastUsedMillis = now;
    return slot.entry;
  }

  /**
   * The entry stored last for {@code pid}, whatever its start time, or null. The caller must
   * confirm it still describes the running process (see ProcessReader#readCached).
   */
  public synchronized Entry latest(int pid) {
    long now = clock.millis();
    evict(now);
    ProcessKey key = latestByPid.get(pid);
    Slot slot = key == null ? null : slots.get(key);
    if (slot == null) {
      return null;
    }
    slot.lastUsedMillis = now;
    return slot.entry;
  }

  /** Stores or replaces the entry for {@code key}. */
  public synchronized void put(ProcessKey key, Entry entry) {
    long now = clock.millis();
    Slot slot = slots.get(key);
    if (slot != null) {
      slot.entry = entry;
      slot.lastUsedMillis = now;
    } else {
      slots.put(key, new Slot(key, entry, now));
    }
    latestByPid.put(key.pid(), key);
    evict(now);
  }

  /** Drops every entry. */
  public synchronized void clear() {
    slots.clear();
    latestByPid.clear();
  }

  public synchronized int size() {
    return slots.size();
  }

  private void remove(ProcessKey key) {
    slots.remove(key);
    forgetLatest(key);
  }

  private void forgetLatest(ProcessKey key) {
    latestByPid.remove(key.pid(), key);
  }

  private void evict(long now) {
    Iterator<Map.Entry<ProcessKey, Slot>> it = slots.entrySet().iterator();
    int excess = slots.size() - capacity;
    // Access order: the eldest entries come first, so the walk stops at the first fresh one.
    while (it.hasNext()) {
      Slot eldest = it.next().getValue();
      if (excess > 0 || now - eldest.lastUsedMillis >= idleMillis) {
        it.remove();
        forgetLatest(eldest.key);
        excess--;
      } else {
        break;
      }
    }
  }
}
