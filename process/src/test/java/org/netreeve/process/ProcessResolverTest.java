package org.netreeve.process;

import org.netreeve.net.IpProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.Attribution.Outcome;
import org.netreeve.process.diag.DiagException;
import org.netreeve.process.diag.InetDiag;
import org.netreeve.process.diag.InetDiagCodec;
import org.netreeve.process.diag.SocketEntry;
import org.netreeve.process.diag.SocketState;
import org.netreeve.process.fakes.FakeProc;
import org.netreeve.net.fixtures.ManualClock;
import org.netreeve.process.proc.ProcFs;
import org.netreeve.process.proc.UserNames;

/** The resolver's decisions over a fake kernel answer and a fake /proc. */
class ProcessResolverTest {

  @TempDir
  Path root;

  private FakeProc proc;
  private ManualClock clock;
  private ScriptedDiag diag;
  private ProcessResolver resolver;
  private Path fifoToRelease;

  /** Answers every lookup with the same socket, nothing, or a failure. */
  private static final class ScriptedDiag implements InetDiag {
    volatile SocketEntry answer;
    volatile DiagException failure;
    volatile RuntimeException bug;
    volatile List<SocketEntry> dump = List.of();

    @Override
    public SocketEntry lookup(int family, int protocol, byte[] src, int srcPort, byte[] dst,
        int dstPort, int ifIndex) throws DiagException {
      if (bug != null) {
        throw bug;
      }
      if (failure != null) {
        throw failure;
      }
      return answer;
    }

    @Override
    public List<SocketEntry> dumpByLocalPort(int family, int protocol, int localPort)
        throws DiagException {
      if (failure != null) {
        throw failure;
      }
      return dump.stream().filter(socket -> socket.family() == family).toList();
    }
  }

  private static SocketEntry socket(SocketState state, int uid, long inode) {
    return new SocketEntry(InetDiagCodec.AF_INET, state, new byte[] {10, 0, 0, 2}, 41000,
        new byte[] {93, (byte) 184, (byte) 216, 34}, 443, 0, 1, uid, inode);
  }

  private static LinkQuery tcpOut() throws IOException {
    return LinkQuery.outbound(IpProtocol.TCP, InetAddress.getByName("10.0.0.2"), 41000,
        InetAddress.getByName("93.184.216.34"), 443);
  }

  @BeforeEach
  void setUp() throws IOException {
    proc = new FakeProc(root.resolve("proc"));
    Files.createDirectories(proc.root());
    clock = new ManualClock();
    diag = new ScriptedDiag();
    Files.writeString(root.resolve("passwd"),
        "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    proc.process(1).typical("/usr/lib/systemd/systemd", 0, 1, 0, "/sbin/init");
    proc.process(100).typical("/usr/bin/bash", 1, 50, 1000, "-bash");
    resolver = resolver(ResolverConfig.defaults().withBudget(Duration.ofSeconds(5)));
  }

  private ProcessResolver resolver(ResolverConfig config) {
    return resolver(config, System::nanoTime);
  }

  private ProcessResolver resolver(ResolverConfig config, java.util.function.LongSupplier nanos) {
    return new ProcessResolver(diag, null, new ProcFs(proc.root()),
        new UserNames(root.resolve("passwd"), clock, Duration.ofSeconds(5)), config, clock, nanos);
  }

  /** True once some attribution worker is blocked reading a file (the FIFO). */
  private static boolean aWorkerIsBlockedReading() throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (var thread : Thread.getAllStackTraces().entrySet()) {
        if (thread.getKey().getName().startsWith("netreeve-attribution-")
            && java.util.Arrays.stream(thread.getValue())
                .anyMatch(frame -> frame.getMethodName().equals("readAll"))) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  @AfterEach
  void tearDown() throws IOException {
    resolver.close();
    if (fifoToRelease != null) {
      // Lets a worker blocked on the FIFO finish: a writer unblocks its reader. Opened
      // read-write, which never blocks on Linux, in case no reader is waiting.
      try (RandomAccessFile release = new RandomAccessFile(fifoToRelease.toFile(), "rw")) {
        release.write(0);
      }
    }
  }

  @Test
  void findsTheProcessThatHoldsTheSocket() throws IOException {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl", "https://example.com")
        .socket(5, 4711);
    // The socket's uid is the owner of the fake /proc/200, so the scan by uid finds it.
    int owner = (Integer) Files.getAttribute(proc.process(200).dir(), "unix:uid");
    diag.answer = socket(SocketState.SYN_SENT, owner, 4711);
    Attribution attribution = resolver.attribute(tcpOut());
    assertEquals(Outcome.PROCESS, attribution.outcome());
    assertEquals(200, attribution.process().pid());
    assertEquals("curl https://example.com", attribution.process().cmdline());
    assertEquals("alice", attribution.process().user());
    assertEquals(100, attribution.process().ancestor(1).pid());
    assertEquals(4711, attribution.inode());
    assertEquals(owner, attribution.socketUid());

    assertEquals(200, resolver.resolve(tcpOut()).pid());
    ResolverStats stats = resolver.stats();
    assertEquals(2, stats.lookups());
    assertEquals(2, stats.processes());
    assertEquals(1, stats.scans(), "the second lookup came from the inode cache");
    assertEquals(1, stats.inodeCacheHits());
    assertEquals(0, stats.fullScans());
  }

  @Test
  void protocolsWithoutSocketsBelongToTheKernelUnlessThePacketCarriedAUid() throws IOException {
    InetAddress a = InetAddress.getByName("10.0.0.2");
    InetAddress b = InetAddress.getByName("10.0.0.1");
    Attribution icmp = resolver.attribute(LinkQuery.inbound(IpProtocol.ICMP, a, 0, b, 0));
    assertEquals(Outcome.KERNEL, icmp.outcome());
    assertSame(ProcessInfo.KERNEL, icmp.process());

    Attribution ping = resolver.attribute(
        LinkQuery.outbound(IpProtocol.ICMP, a, 0, b, 0).withKernelUid(1000));
    assertEquals(Outcome.UID_ONLY, ping.outcome());
    assertEquals(1000, ping.process().uid());
    assertEquals("alice", ping.process().user());
    assertTrue(ping.process().isUnknown());
  }

  @Test
  void packetWithoutSocketBelongsToTheKernel() throws IOException {
    diag.answer = null;
    Attribution reset = resolver.attribute(tcpOut());
    assertEquals(Outcome.KERNEL, reset.outcome());
    assertEquals("no socket", reset.reason());

    Attribution closedEarly = resolver.attribute(tcpOut().withKernelUid(1000));
    assertEquals(Outcome.UID_ONLY, closedEarly.outcome());
    assertEquals(1000, closedEarly.process().uid());
  }

  @Test
  void reroutedOutboundPacketIsFoundByItsLocalPortButInboundIsNot() throws IOException {
    proc.process(200).typical("/usr/bin/dig", 100, 900, 1000, "dig", "example.com")
        .socket(5, 4711);
    diag.answer = null;
    diag.dump = List.of(new SocketEntry(InetDiagCodec.AF_INET, SocketState.ESTABLISHED,
        new byte[] {10, 0, 0, 2}, 41000, new byte[] {8, 8, 8, 8}, 53, 0, 1, 1000, 4711));
    Attribution outbound = resolver.attribute(tcpOut());
    assertEquals(Outcome.PROCESS, outbound.outcome(), outbound.reason());
    assertEquals(200, outbound.process().pid());

    Attribution inbound = resolver.attribute(LinkQuery.inbound(IpProtocol.TCP,
        InetAddress.getByName("10.0.0.2"), 41000, InetAddress.getByName("93.184.216.34"), 443));
    assertEquals(Outcome.KERNEL, inbound.outcome(), "a datagram to a socket connected "
        + "elsewhere would not be delivered to it");
  }

  @Test
  void timeWaitAndKernelSocketsBelongToTheKernel() throws IOException {
    diag.answer = socket(SocketState.TIME_WAIT, 0, 0);
    Attribution timeWait = resolver.attribute(tcpOut());
    assertEquals(Outcome.KERNEL, timeWait.outcome());
    assertEquals("time-wait socket", timeWait.reason());

    diag.answer = socket(SocketState.CLOSE, 0, 0);
    assertEquals("socket without a process", resolver.attribute(tcpOut()).reason());
  }

  @Test
  void failedSocketLookupIsUnknownAndCounted() throws IOException {
    diag.failure = new DiagException("no answer in time", 11);
    Attribution attribution = resolver.attribute(tcpOut());
    assertEquals(Outcome.UNKNOWN, attribution.outcome());
    assertSame(ProcessInfo.UNKNOWN, attribution.process());
    assertEquals("socket lookup failed: no answer in time", attribution.reason());
    assertEquals(Outcome.UID_ONLY, resolver.attribute(tcpOut().withKernelUid(0)).outcome());
    assertEquals(2, resolver.stats().diagFailures());
  }

  @Test
  void socketThatNoProcessHoldsGivesTheSocketUser() throws IOException {
    diag.answer = socket(SocketState.ESTABLISHED, 1000, 999_999);
    Attribution attribution = resolver.attribute(tcpOut());
    assertEquals(Outcome.UID_ONLY, attribution.outcome());
    assertEquals("alice", attribution.process().user());
    assertEquals("no process holds socket inode 999999", attribution.reason());
    assertEquals(1, resolver.stats().fullScans());
  }

  @Test
  void aBugInsideIsCaughtAndCounted() throws IOException {
    diag.bug = new IllegalStateException("boom");
    Attribution attribution = resolver.attribute(tcpOut());
    assertEquals(Outcome.UNKNOWN, attribution.outcome());
    assertTrue(attribution.reason().contains("boom"), attribution.reason());
    assertEquals(1, resolver.stats().internalErrors());
  }

  /** A process whose command line cannot be read: its cmdline is a FIFO nobody writes. */
  private void stuckProcess(int pid, long inode) throws Exception {
    FakeProc.Process p = proc.process(pid).typical("/usr/bin/stuck", 100, 700, 1000, "stuck")
        .socket(3, inode);
    Path cmdline = p.dir().resolve("cmdline");
    Files.delete(cmdline);
    Process mkfifo = new ProcessBuilder("mkfifo", cmdline.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
    fifoToRelease = cmdline;
  }

  @Test
  void aStuckProcessCostsTheBudgetNotAHang() throws Exception {
    stuckProcess(300, 5555);
    resolver.close();
    // The scan's clock stands still, so the scan surely reaches the stuck command line; the
    // caller still gives up after the budget of real time.
    resolver = resolver(ResolverConfig.defaults().withBudget(Duration.ofMillis(200)),
        clock::nanoTime);
    diag.answer = socket(SocketState.SYN_SENT, 1000, 5555);
    Attribution attribution = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> resolver.attribute(tcpOut()));
    assertEquals(Outcome.UID_ONLY, attribution.outcome());
    assertEquals("process not found within the budget", attribution.reason());
    assertEquals(1000, attribution.process().uid());
    assertEquals(1, resolver.stats().budgetExceeded());
    assertTrue(aWorkerIsBlockedReading(), "the worker is the one that waits, not the caller");
  }

  @Test
  void whenEveryWorkerIsStuckRequestsAreAnsweredAtOnce() throws Exception {
    stuckProcess(300, 5555);
    resolver.close();
    ResolverConfig oneWorker = new ResolverConfig(Duration.ofMillis(200), Duration.ofMillis(100),
        1, 1, 1000, 8, Duration.ofSeconds(2), 100, Duration.ofMinutes(1), Duration.ofSeconds(2),
        8, Duration.ofSeconds(5));
    resolver = resolver(oneWorker, clock::nanoTime);
    diag.answer = socket(SocketState.SYN_SENT, 1000, 5555);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      resolver.attribute(tcpOut());       // the worker gets stuck
      assertTrue(aWorkerIsBlockedReading());
      resolver.attribute(tcpOut());       // waits in the queue until the budget ends
      Attribution third = resolver.attribute(tcpOut());
      Attribution fourth = resolver.attribute(tcpOut());
      assertEquals(Outcome.UID_ONLY, third.outcome());
      assertEquals("every attribution worker is busy", fourth.reason());
    });
    ResolverStats stats = resolver.stats();
    assertTrue(stats.rejected() >= 1, stats.toString());
    assertTrue(stats.budgetExceeded() >= 2, stats.toString());
    assertEquals(4, stats.uidOnly());
  }

  @Test
  void byPidReadsProcessesAndKnowsTheKernel() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl");
    assertEquals("/usr/bin/curl", resolver.byPid(200).exe());
    assertSame(ProcessInfo.KERNEL, resolver.byPid(0));
    assertSame(ProcessInfo.UNKNOWN, resolver.byPid(4242));
    assertSame(ProcessInfo.UNKNOWN, resolver.byPid(-1));
    assertEquals(4, resolver.stats().byPidLookups());
  }

  @Test
  void statsSumUpOutcomesAndTime() throws IOException {
    diag.answer = null;
    resolver.attribute(tcpOut());
    resolver.attribute(tcpOut().withKernelUid(1000));
    ResolverStats stats = resolver.stats();
    assertEquals(2, stats.lookups());
    assertEquals(1, stats.kernel());
    assertEquals(1, stats.uidOnly());
    assertTrue(stats.totalNanos() > 0);
    assertTrue(stats.maxNanos() <= stats.totalNanos());
    assertTrue(stats.averageMicros() > 0);
    assertFalse(stats.processCacheSize() < 0);
  }

  @Test
  void describesOutcomesForLogs() throws IOException {
    assertEquals("kernel", ProcessInfo.KERNEL.describe());
    assertEquals("unidentified process of user alice", ProcessInfo.ofUid(1000, "alice").describe());
    assertEquals("tcp 10.0.0.2:41000 -> 93.184.216.34:443 outbound", tcpOut().describe());
    assertEquals("udp [::1]:53 -> [2001:db8::1:0:0:1]:5353 inbound", LinkQuery.inbound(
        IpProtocol.UDP, InetAddress.getByName("::1"), 53,
        InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 5353).describe());
  }
}
