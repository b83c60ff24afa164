package org.netreeve.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.scenario.ScenarioFromAudit;
import org.netreeve.engine.scenario.ScenarioReader;
import org.netreeve.engine.scenario.ScenarioRunner;
import org.netreeve.profiles.match.MatchOptions;

/**
 * Audit records replay as scenario cases: every decision of the example scenarios, written as an
 * audit record and turned back into a case by {@code netreeve test --from-audit}, is decided the
 * same way again.
 */
class AuditReplayTest {

  @TempDir
  Path tmp;

  private static ScenarioRunner runner() {
    return new ScenarioRunner(new PolicyLoader(RuleBaseLoader.standard(),
        MatchOptions.offline().withSelfPid(ScenarioReader.SELF_PID), Clock.systemUTC()), IntelSource.NONE,
        Clock.systemUTC());
  }

  @Test
  void everyAuditRecordOfTheExampleScenariosReplaysAsAPassingCase() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(ExampleScenariosTest.EXAMPLES.resolve("scenarios"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> records = new ArrayList<>();
    ScenarioRunner original = runner();
    for (Path f : files) {
      for (ScenarioRunner.CaseResult c : original.run(f).cases()) {
        records.add(AuditJson.toJson(c.audit()));
      }
    }
    records.add("");
    records.add("not json");
    ScenarioFromAudit.Converted converted = ScenarioFromAudit.convert(records, "audit.jsonl",
        ExampleScenariosTest.EXAMPLES.resolve("policy").toString());
    long packetRecords = records.stream().filter(r -> r.contains("\"requested_stage\":\"packet\"")
        || r.startsWith("{\"time\"") && r.contains("\"stage\":\"packet\"")).count();
    assertEquals(records.size() - 2 - packetRecords, converted.cases(), converted.skipped().toString());
    assertTrue(converted.cases() >= 60, "cases: " + converted.cases());
    assertTrue(converted.skipped().stream().anyMatch(s -> s.startsWith("audit.jsonl:" + records.size()
        + ": not a JSON audit record")), converted.skipped().toString());

    Path scenario = tmp.resolve("replay.yaml");
    Files.writeString(scenario, converted.yaml());
    ScenarioRunner.FileResult replay = runner().run(scenario);
    assertEquals(List.of(), replay.errors());
    List<String> failures = new ArrayList<>();
    for (ScenarioRunner.CaseResult c : replay.cases()) {
      if (!c.passed()) {
        failures.add(c.name() + " " + c.failures());
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(converted.cases(), replay.cases().size());
  }
}
