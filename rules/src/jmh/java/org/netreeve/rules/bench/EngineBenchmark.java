package org.netreeve.rules.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.AuditStage;
import org.netreeve.engine.flow.CommunicationStage;
import org.netreeve.engine.flow.Communications;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.DomainLookup;
import org.netreeve.engine.flow.DomainStage;
import org.netreeve.engine.flow.IntelStage;
import org.netreeve.engine.flow.LinkStage;
import org.netreeve.engine.flow.ProfileStage;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.profiles.match.MatchOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions per second of the whole engine (profile match, scope, endpoint lists, Drools, verdict,
 * audit record) with 10, 1 000 and 10 000 profiles, with and without the decision cache. Run with
 * {@code -t 1} and {@code -t 2} for one and two threads (bench/engine.sh does both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EngineBenchmark {

  @Param({"10", "1000", "10000"})
  public int profiles;

  @Param({"true", "false"})
  public boolean cache;

  DecisionChain engine;
  List<DecisionRequest> requests;
  Path dir;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = PolicyFixture.write(profiles, cache);
    PolicyLoader loader = new PolicyLoader(RuleBaseLoader.standard(), MatchOptions.offline(), Clock.systemUTC());
    engine = chain(loader.load(dir).snapshot());
    requests = PolicyFixture.requests(profiles, 4096);
  }

  /**
   * The daemon's decision chain (profile, domain, intel, communication, link, audit record) with
   * a communication table, without a nameserver and with audit records built but not written.
   */
  static DecisionChain chain(PolicySnapshot snap) {
    Engine engine = new Engine();
    return new DecisionChain(List.of(
        new ProfileStage(new PolicyState(snap, IntelSource.NONE)),
        new DomainStage(DomainLookup.NONE),
        new IntelStage(ScopeClassifier.DEFAULT, Set.of(new InetSocketAddress("127.0.0.1", 53))),
        new CommunicationStage(engine, Communications.bounded(100_000)),
        new LinkStage(engine),
        new AuditStage(AuditSink.NONE, Clock.systemUTC())));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    PolicyFixture.delete(dir);
  }

  /** Per-thread position in the request mix. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  public Object decide(Cursor c) {
    DecisionRequest r = requests.get(c.next++ & 4095);
    return engine.run(r).verdict();
  }
}
