package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.scenario.ScenarioReader;
import org.netreeve.profiles.match.MatchOptions;
import picocli.CommandLine.Option;

/** The {@code --policy} option shared by the offline commands. */
final class PolicyOptions {

  /** Where the installed policy lives. */
  static final Path INSTALLED = Path.of("/etc/netreeve/policy");

  @Option(names = "--policy", paramLabel = "DIR",
      description = "Policy directory (policy.yaml, profiles/, rules/). Default: $NETREEVE_POLICY, else "
          + "/etc/netreeve/policy.")
  Path policy;

  Path dir() {
    if (policy != null) {
      return policy;
    }
    String env = System.getenv("NETREEVE_POLICY");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return INSTALLED;
  }

  /** A loader for dry runs: nothing on this machine is looked at (framework paths count as existing). */
  static PolicyLoader offlineLoader() {
    return new PolicyLoader(RuleBaseLoader.standard(),
        MatchOptions.offline().withSelfPid(ScenarioReader.SELF_PID), Clock.systemUTC());
  }

  static boolean exists(Path p) {
    return Files.isDirectory(p);
  }
}
