package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.fakes.FakeProc;
import org.netreeve.net.fixtures.ManualClock;

class SocketInodeIndexTest {

  @TempDir
  Path root;

  private FakeProc proc;
  private ManualClock clock;

  @BeforeEach
  void setUp() {
    proc = new FakeProc(root);
    clock = new ManualClock();
  }

  private SocketInodeIndex index(ProcFs fs) {
    return new SocketInodeIndex(fs, 1000, 8, Duration.ofSeconds(2), clock, clock::nanoTime);
  }

  private long farDeadline() {
    return clock.nanoTime() + Duration.ofSeconds(10).toNanos();
  }

  @Test
  void findsTheOwnerByScanningAndThenFromTheCache() {
    proc.process(10).socket(3, 111);
    proc.process(20).socket(4, 222).socket(5, 223);
    SocketInodeIndex index = index(new ProcFs(root));

    SocketInodeIndex.Result first = index.find(222, -1, farDeadline());
    assertEquals(20, first.pid());
    assertEquals(1, index.scans());

    assertEquals(20, index.cachedOwner(223), "learned while scanning pid 20");
    assertEquals(20, index.find(222, -1, farDeadline()).pid());
    assertEquals(1, index.scans(), "second lookup came from the cache");
    assertEquals(2, index.cacheHits());
  }

  @Test
  void staleCacheEntryIsDetectedWithOneReadlink() {
    FakeProc.Process p = proc.process(10).socket(3, 111);
    proc.process(11).socket(9, 999);
    SocketInodeIndex index = index(new ProcFs(root));
    assertEquals(10, index.find(111, -1, farDeadline()).pid());
    p.closeFd(3);
    proc.process(11).socket(7, 111); // handed over to another process
    assertEquals(-1, index.cachedOwner(111));
    assertEquals(1, index.cacheStale());
    assertEquals(11, index.find(111, -1, farDeadline()).pid());
  }

  @Test
  void scansRecentOwnersBeforeNewerProcesses() {
    proc.process(5).socket(3, 50);
    proc.process(500).socket(3, 5000);
    SocketInodeIndex index = index(new ProcFs(root));
    assertEquals(5, index.find(50, -1, farDeadline()).pid());
    // Pid 5 opened a new socket; pid 500 is newer and would come first in a plain scan.
    proc.process(5).socket(4, 51);
    SocketInodeIndex.Result result = index.find(51, -1, farDeadline());
    assertEquals(5, result.pid());
    assertEquals(1, result.processesScanned(), "only the recent owner was scanned");
    assertFalse(result.fullScan());
  }

  @Test
  void fullScanOnlyWhenTheSocketUidMatchesNoProcessOwner() {
    proc.process(5).socket(3, 50);
    ProcFs fs = new ProcFs(root);
    int myUid = fs.sockets().ownerUid(5);
    SocketInodeIndex index = index(fs);
    SocketInodeIndex.Result byUid = index.find(50, myUid, farDeadline());
    assertEquals(5, byUid.pid());
    assertFalse(byUid.fullScan());
    assertEquals(0, index.fullScans());

    proc.process(6).socket(3, 60);
    SocketInodeIndex.Result other = index.find(60, myUid + 1, farDeadline());
    assertEquals(6, other.pid());
    assertTrue(other.fullScan());
    assertEquals(1, index.fullScans());
  }

  @Test
  void givesUpAtTheDeadline() {
    for (int pid = 100; pid < 110; pid++) {
      proc.process(pid).socket(3, pid);
    }
    SocketInodeIndex index = index(new ProcFs(root));
    SocketInodeIndex.Result result = index.find(4242, -1, clock.nanoTime());
    assertTrue(result.timedOut());
    assertFalse(result.found());
    assertEquals(0, result.processesScanned());
    assertEquals(1, index.timeouts());
  }

  @Test
  void deadlineStopsAScanBetweenProcesses() {
    for (int pid = 100; pid < 110; pid++) {
      proc.process(pid).socket(3, pid);
    }
    long[] calls = {0};
    long start = clock.nanoTime();
    // Every reading of the time source advances it by 1 ms; the deadline is 5 ms away.
    SocketInodeIndex index = new SocketInodeIndex(new ProcFs(root), 1000, 8, Duration.ofSeconds(2),
        clock, () -> start + 1_000_000L * calls[0]++);
    SocketInodeIndex.Result result = index.find(4242, -1, start + 5_000_000L);
    assertTrue(result.timedOut());
    assertTrue(result.processesScanned() < 10, "scanned " + result.processesScanned());
  }

  @Test
  void inodeThatNoProcessHoldsIsNotRescannedForAWhile() {
    proc.process(5).socket(3, 50);
    SocketInodeIndex index = index(new ProcFs(root));
    assertFalse(index.find(777, -1, farDeadline()).found());
    assertEquals(1, index.scans());
    assertFalse(index.find(777, -1, farDeadline()).found());
    assertEquals(1, index.scans(), "remembered as unknown");
    clock.advance(Duration.ofSeconds(3));
    proc.process(6).socket(3, 777);
    assertEquals(6, index.find(777, -1, farDeadline()).pid());
    assertEquals(2, index.notFound());
  }

  @Test
  void cacheIsBounded() {
    FakeProc.Process p = proc.process(5);
    for (int fd = 0; fd < 50; fd++) {
      p.socket(fd, 1000 + fd);
    }
    SocketInodeIndex index =
        new SocketInodeIndex(new ProcFs(root), 10, 8, Duration.ofSeconds(2), clock, clock::nanoTime);
    assertEquals(5, index.find(1000, -1, farDeadline()).pid());
    assertEquals(10, index.size());
    index.clear();
    assertEquals(0, index.size());
  }
}
