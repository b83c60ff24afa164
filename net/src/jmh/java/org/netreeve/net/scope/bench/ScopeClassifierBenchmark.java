package org.netreeve.net.scope.bench;

import java.util.concurrent.TimeUnit;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Scope classification of a rotating mix of IPv4 and IPv6 addresses given as bytes. */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScopeClassifierBenchmark {

  private final byte[][] addresses = {{10, 1, 2, 3}, {8, 8, 8, 8}, {(byte) 192, (byte) 168, 1, 1},
      {127, 0, 0, 1}, {(byte) 224, 0, 0, (byte) 251}, v6(0x2a, 0x00), v6(0xfe, 0x80), v6(0xff, 0x02),
      mapped()};
  private int next;

  private static byte[] v6(int a, int b) {
    byte[] r = new byte[16];
    r[0] = (byte) a;
    r[1] = (byte) b;
    r[15] = 1;
    return r;
  }

  private static byte[] mapped() {
    byte[] r = new byte[16];
    r[10] = (byte) 0xFF;
    r[11] = (byte) 0xFF;
    r[12] = 10;
    return r;
  }

  @Benchmark
  public Scope classify() {
    next = next == addresses.length - 1 ? 0 : next + 1;
    return ScopeClassifier.DEFAULT.classify(addresses[next]);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(ScopeClassifierBenchmark.class.getSimpleName()).build()).run();
  }
}
