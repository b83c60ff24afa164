package org.netreeve.process.bench;

import org.netreeve.net.IpProtocol;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.netreeve.process.Attribution;
import org.netreeve.process.LinkQuery;
import org.netreeve.process.ProcessInfo;
import org.netreeve.process.ProcessResolver;
import org.netreeve.process.ResolverConfig;
import org.netreeve.process.diag.DiagException;
import org.netreeve.process.diag.InetDiagCodec;
import org.netreeve.process.diag.NetlinkInetDiag;
import org.netreeve.process.diag.SocketEntry;
import org.netreeve.process.proc.ProcFs;
import org.netreeve.process.proc.SocketInodeIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Latency of attributing one TCP connection of the benchmark's own JVM on 127.0.0.1.
 *
 * <ul>
 *   <li>{@code diagLookup}: one sock_diag lookup of the exact 4-tuple (send + receive);
 *   <li>{@code warmAttribution}: the daemon's common case, sock_diag plus the cached inode → pid
 *       (confirmed with one readlink) plus the cached process (confirmed with one readlink);
 *   <li>{@code coldAttribution}: every cache emptied first, so a targeted /proc scan finds the
 *       pid and the process and its ancestors are read from /proc;
 *   <li>{@code fullScan}: a scan of every process for an inode nobody holds, the rare fallback;
 *   <li>{@code byPidCached}: a pid lookup that the cache answers;
 *   <li>{@code reroutedAttribution}: a UDP socket connected to 127.0.0.2:5353 attributed as
 *       127.0.0.1:53, as the nameserver sees a query DNAT rerouted to it: three lookups miss,
 *       then two dumps filtered by local port find it (caches warm).
 * </ul>
 *
 * <p>Run: {@code java -cp <test classpath> org.netreeve.process.bench.AttributionBenchmark}
 * (or {@code org.openjdk.jmh.Main AttributionBenchmark} with JMH options).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AttributionBenchmark {

  private ServerSocket server;
  private Socket client;
  private NetlinkInetDiag diag;
  private ProcessResolver resolver;
  private LinkQuery query;
  private byte[] loopback;
  private ProcFs procFs;
  private int pid;
  private DatagramSocket rerouted;
  private LinkQuery reroutedQuery;

  @Setup(Level.Trial)
  public void open() throws IOException, DiagException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    server = new ServerSocket(0, 50, lo);
    client = new Socket(lo, server.getLocalPort());
    diag = NetlinkInetDiag.open(Duration.ofMillis(100));
    resolver = ProcessResolver.open(ResolverConfig.defaults().withBudget(Duration.ofSeconds(1)),
        Clock.systemUTC());
    query = LinkQuery.outbound(IpProtocol.TCP, lo, client.getLocalPort(), lo, server.getLocalPort());
    loopback = lo.getAddress();
    procFs = ProcFs.system();
    pid = (int) ProcessHandle.current().pid();
    Attribution check = resolver.attribute(query);
    if (check.process().pid() != pid) {
      throw new IllegalStateException("benchmark setup attributes to " + check);
    }
    rerouted = new DatagramSocket(0, lo);
    rerouted.connect(InetAddress.getByName("127.0.0.2"), 5353);
    reroutedQuery = LinkQuery.outbound(IpProtocol.UDP, lo, rerouted.getLocalPort(), lo, 53);
    Attribution reroutedCheck = resolver.attribute(reroutedQuery);
    if (reroutedCheck.process().pid() != pid) {
      throw new IllegalStateException("benchmark setup attributes to " + reroutedCheck);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    resolver.close();
    diag.close();
    rerouted.close();
    client.close();
    server.close();
  }

  @Benchmark
  public SocketEntry diagLookup() throws DiagException {
    return diag.lookup(InetDiagCodec.AF_INET, InetDiagCodec.IPPROTO_TCP, loopback,
        client.getLocalPort(), loopback, server.getLocalPort(), 0);
  }

  @Benchmark
  public Attribution warmAttribution() {
    return resolver.attribute(query);
  }

  @Benchmark
  public Attribution coldAttribution() {
    resolver.clearCaches();
    return resolver.attribute(query);
  }

  @Benchmark
  public SocketInodeIndex.Result fullScan() {
    SocketInodeIndex index = new SocketInodeIndex(procFs, 65_536, 0, Duration.ofSeconds(1),
        Clock.systemUTC(), System::nanoTime);
    return index.find(Long.MAX_VALUE, -1, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
  }

  @Benchmark
  public ProcessInfo byPidCached() {
    return resolver.byPid(pid);
  }

  @Benchmark
  public Attribution reroutedAttribution() {
    return resolver.attribute(reroutedQuery);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(AttributionBenchmark.class.getSimpleName()).build())
        .run();
  }
}
