package org.netreeve.rules.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.flow.DecisionChain;
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
 * Cold start to the first decision: a fresh JVM per measurement loads the policy (shipped rule
 * base, profiles) and decides one connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5)
public class ColdStartBenchmark {

  @Param({"10", "1000"})
  public int profiles;

  Path dir;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = PolicyFixture.write(profiles, true);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    PolicyFixture.delete(dir);
  }

  @Benchmark
  public Object loadAndDecide() throws Exception {
    PolicyLoader loader = new PolicyLoader(RuleBaseLoader.standard(), MatchOptions.offline(), Clock.systemUTC());
    DecisionChain engine = EngineBenchmark.chain(loader.load(dir).snapshot());
    return engine.run(PolicyFixture.requests(profiles, 1).get(0)).verdict();
  }
}
