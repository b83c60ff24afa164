package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.process.ProcessInfo;
import org.netreeve.net.fixtures.ManualClock;

class ProcessCacheTest {

  private final ManualClock clock = new ManualClock();

  private static ProcessCache.Entry entry(int pid, String exe) {
    return new ProcessCache.Entry(new ProcessInfo(pid, 1, 100, exe, exe, List.of(exe), 0, "root",
        List.of(), "", ""), "comm", null, 0);
  }

  @Test
  void findsByPidAndStartTimeOnly() {
    ProcessCache cache = new ProcessCache(10, Duration.ofMinutes(1), clock);
    ProcessCache.Entry curl = entry(42, "/usr/bin/curl");
    cache.put(new ProcessKey(42, 100), curl);
    assertSame(curl, cache.get(new ProcessKey(42, 100), "comm"));
    assertNull(cache.get(new ProcessKey(42, 101), "comm"), "same pid, later start: pid reused");
    assertNull(cache.get(new ProcessKey(43, 100), "comm"));
  }

  @Test
  void reusedPidGetsItsOwnEntryAndBecomesTheLatest() {
    ProcessCache cache = new ProcessCache(10, Duration.ofMinutes(1), clock);
    ProcessCache.Entry old = entry(42, "/usr/bin/curl");
    ProcessCache.Entry reused = entry(42, "/usr/bin/wget");
    cache.put(new ProcessKey(42, 100), old);
    cache.put(new ProcessKey(42, 900), reused);
    assertSame(old, cache.get(new ProcessKey(42, 100), "comm"));
    assertSame(reused, cache.get(new ProcessKey(42, 900), "comm"));
    assertSame(reused, cache.latest(42));
  }

  @Test
  void changedCommMeansTheProcessExecdAndDropsTheEntry() {
    ProcessCache cache = new ProcessCache(10, Duration.ofMinutes(1), clock);
    cache.put(new ProcessKey(42, 100), entry(42, "/bin/sh"));
    assertNull(cache.get(new ProcessKey(42, 100), "python3"));
    assertNull(cache.get(new ProcessKey(42, 100), "comm"), "the stale entry is gone");
    assertNull(cache.latest(42));
  }

  @Test
  void evictsEntriesIdleLongerThanTheIdleTime() {
    ProcessCache cache = new ProcessCache(10, Duration.ofSeconds(60), clock);
    cache.put(new ProcessKey(1, 1), entry(1, "/a"));
    cache.put(new ProcessKey(2, 2), entry(2, "/b"));
    clock.advance(Duration.ofSeconds(40));
    cache.get(new ProcessKey(1, 1), "comm"); // keeps 1 fresh
    clock.advance(Duration.ofSeconds(30));
    assertNull(cache.get(new ProcessKey(2, 2), "comm"), "idle 70 s");
    assertEquals(1, cache.size());
    clock.advance(Duration.ofSeconds(29)); // 59 s after its last use
    assertEquals("/a", cache.get(new ProcessKey(1, 1), "comm").process().exe());
    clock.advance(Duration.ofSeconds(61));
    assertNull(cache.latest(1));
    assertEquals(0, cache.size());
  }

  @Test
  void boundedSizeEvictsTheLeastRecentlyUsed() {
    ProcessCache cache = new ProcessCache(3, Duration.ofHours(1), clock);
    for (int pid = 1; pid <= 3; pid++) {
      cache.put(new ProcessKey(pid, pid), entry(pid, "/p" + pid));
    }
    cache.get(new ProcessKey(1, 1), "comm");
    cache.put(new ProcessKey(4, 4), entry(4, "/p4"));
    assertEquals(3, cache.size());
    assertNull(cache.get(new ProcessKey(2, 2), "comm"), "least recently used");
    assertEquals("/p1", cache.get(new ProcessKey(1, 1), "comm").process().exe());
    assertNull(cache.latest(2));
  }

  @Test
  void clearForgetsEverything() {
    ProcessCache cache = new ProcessCache(3, Duration.ofHours(1), clock);
    cache.put(new ProcessKey(1, 1), entry(1, "/p1"));
    cache.clear();
    assertEquals(0, cache.size());
    assertNull(cache.latest(1));
  }
}
