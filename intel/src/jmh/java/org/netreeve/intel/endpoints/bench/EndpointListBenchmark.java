package org.netreeve.intel.endpoints.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.EndpointResult;
import org.netreeve.intel.endpoints.EndpointTarget;
import org.netreeve.net.scope.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Endpoint list matching with 10, 100 and 1 000 rules, where the deciding rule is the last one (the
 * worst case of first-match-wins). Mixed domain, CIDR, scope, port and list rules.
 *
 * <p>Run: {@code java -cp <test classpath> org.netreeve.intel.endpoints.bench.EndpointListBenchmark}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EndpointListBenchmark {

  @Param({"10", "100", "1000"})
  public int rules;

  private EndpointList list;
  private EndpointTarget domainTarget;
  private EndpointTarget ipTarget;

  @Setup
  public void setUp() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rules - 1; i++) {
      switch (i % 5) {
        case 0:
          b.append("- .blocked").append(i).append(".example\n");
          break;
        case 1:
          b.append("+ *.cdn").append(i).append(".net TCP/443\n");
          break;
        case 2:
          b.append("- 10.").append(i % 256).append(".0.0/16\n");
          break;
        case 3:
          b.append("- L:LIST").append(i).append('\n');
          break;
        default:
          b.append("+ *tracker").append(i).append("* UDP/53\n");
          break;
      }
    }
    b.append("+ Internet\n");
    list = EndpointList.parse(b.toString(), "bench.list");
    domainTarget = EndpointTarget.builder().domain("www.example.org").cnames(List.of("edge.example.net"))
        .ip("93.184.216.34").protocol(6).remotePort(443).lists(java.util.Set.of("ADS")).build();
    ipTarget = EndpointTarget.builder().ip("2a00:1450:4001::200e").protocol(17).remotePort(443)
        .scope(Scope.INTERNET).build();
  }

  @Benchmark
  public EndpointResult domainTargetLastRule() {
    return list.match(domainTarget);
  }

  @Benchmark
  public EndpointResult ipv6TargetLastRule() {
    return list.match(ipTarget);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(EndpointListBenchmark.class.getSimpleName()).build()).run();
  }
}
