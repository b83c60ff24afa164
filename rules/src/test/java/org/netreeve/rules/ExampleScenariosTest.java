package org.netreeve.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.netreeve.net.Verdict;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.scenario.ScenarioReader;
import org.netreeve.engine.scenario.ScenarioRunner;
import org.netreeve.profiles.match.MatchOptions;

/** The example policy's scenario files all pass, and together they cover every verdict and level. */
class ExampleScenariosTest {

  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @Test
  void exampleScenariosPassAndCoverEveryVerdict() throws Exception {
    ScenarioRunner runner = new ScenarioRunner(new PolicyLoader(RuleBaseLoader.standard(),
        MatchOptions.offline().withSelfPid(ScenarioReader.SELF_PID), Clock.systemUTC()), IntelSource.NONE,
        Clock.systemUTC());
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES.resolve("scenarios"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 6, "scenario files: " + files);
    List<String> failures = new ArrayList<>();
    Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
    Set<String> levels = new TreeSet<>();
    Set<String> rules = new TreeSet<>();
    int cases = 0;
    for (Path f : files) {
      ScenarioRunner.FileResult r = runner.run(f);
      assertEquals(List.of(), r.errors(), "errors in " + f);
      for (ScenarioRunner.CaseResult c : r.cases()) {
        cases++;
        if (!c.passed()) {
          failures.add(c.file() + ":" + c.line() + " " + c.name() + " " + c.failures());
        }
        verdicts.add(Verdict.parse(c.audit().verdict()));
        levels.add(c.audit().level());
        rules.add(c.audit().rule().name());
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(cases >= 60, "cases: " + cases);
    assertEquals(EnumSet.allOf(Verdict.class), verdicts, "every verdict arises in the examples");
    assertEquals(Set.of("dynamic", "secure", "fortress"), levels);
    for (String shipped : List.of("flags.internet", "flags.local-net", "flags.service", "flags.system-user",
        "flags.admin-user", "flags.regular-user", "profile.endpoint-permit", "profile.endpoint-deny",
        "profile.domain-whitelist", "profile.strict", "profile.connect-ports", "profile.listen-ports", "protect.direct-connect",
        "protect.inbound-internet", "protect.dns-over-tls", "protect.astray-dns",
        "protect.rebinding-internet-resolver", "protect.rebinding-lan-resolver", "filterlists.block",
        "default.global", "default.profile", "default.dns", "safety.self", "inspect.tls-ok", "inspect.plaintext",
        "inspect.tls-outdated", "inspect.waiting", "protect.dns-over-https")) {
      assertTrue(rules.contains(shipped), "no example case is decided by " + shipped + "; decided: " + rules);
    }
  }
}
