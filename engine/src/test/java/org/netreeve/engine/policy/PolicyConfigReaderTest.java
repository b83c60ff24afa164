package org.netreeve.engine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.facts.Protection;
import org.netreeve.net.Verdict;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;

class PolicyConfigReaderTest {

  private static PolicyConfig read(String yaml, List<PolicyError> errors) {
    return PolicyConfigReader.read(yaml, "policy.yaml", errors);
  }

  @Test
  void readsEverySetting() {
    List<PolicyError> errors = new ArrayList<>();
    PolicyConfig c = read(String.join("\n",
        "default-action: block",
        "level: secure",
        "levels:",
        "  block-direct-connect: [dynamic, secure, fortress]",
        "filter-lists:",
        "  dynamic: [malware, ADS]",
        "endpoints:",
        "  - \"- L:MAL\"",
        "  - \"+ LAN\"",
        "incoming: [\"+ LAN TCP/22\"]",
        "unknown-apps:",
        "  flags: [Internet]",
        "  default-action: drop",
        "permanent-verdicts: false",
        "cache-size: 100"), errors);
    assertEquals(List.of(), errors);
    assertEquals(Verdict.BLOCK, c.defaultAction());
    assertEquals(SecurityLevel.SECURE, c.level());
    assertTrue(c.protectionsAt(SecurityLevel.DYNAMIC).contains(Protection.BLOCK_DIRECT_CONNECT));
    assertEquals(Set.of("malware", "ADS"), c.filterLists().get(SecurityLevel.DYNAMIC));
    assertTrue(c.filterLists().get(SecurityLevel.SECURE).isEmpty(), "an explicit filter-lists replaces the defaults");
    assertEquals(Set.of("malware", "ADS"), c.filterLists().get(SecurityLevel.FORTRESS),
        "fortress uses every list a level uses");
    assertEquals(2, c.endpoints().size());
    assertEquals(1, c.incoming().size());
    assertEquals(Set.of(Flag.INTERNET), c.fallbackFlags());
    assertEquals(Verdict.DROP, c.fallbackAction());
    assertEquals(false, c.permanentVerdicts());
    assertEquals(100, c.cacheSize());
  }

  @Test
  void fortressCannotBeWeakened() {
    List<PolicyError> errors = new ArrayList<>();
    PolicyConfig c = read("levels:\n  require-tls: [dynamic]\n", errors);
    assertEquals(List.of(), errors);
    assertTrue(c.protectionsAt(SecurityLevel.FORTRESS).contains(Protection.REQUIRE_TLS));
    assertTrue(c.protectionsAt(SecurityLevel.DYNAMIC).contains(Protection.REQUIRE_TLS));
    assertEquals(1, c.warnings().size());
    assertTrue(c.warnings().get(0).contains("Fortress always turns on require-tls"), c.warnings().get(0));
    assertEquals(Set.of(Protection.values()).size(), c.protectionsAt(SecurityLevel.FORTRESS).size());
  }

  @Test
  void reportsEveryErrorWithItsPosition() {
    List<PolicyError> errors = new ArrayList<>();
    read(String.join("\n",
        "default-acton: block",
        "level: paranoid",
        "levels:",
        "  rebinding: [dynamic]",
        "endpoints:",
        "  - \"+ example.com TCP/99999\"",
        "unknown-apps:",
        "  flags: [Internet, Teleport]",
        "cache-size: many"), errors);
    List<String> text = errors.stream().map(PolicyError::toString).toList();
    assertEquals(6, errors.size(), text.toString());
    assertEquals("policy.yaml:1:1: unknown key \"default-acton\" in policy.yaml; did you mean \"default-action\"?",
        text.get(0).substring(0, text.get(0).indexOf("?") + 1));
    assertTrue(text.get(1).startsWith("policy.yaml:2:8: expected a security level"), text.get(1));
    assertTrue(text.get(2).startsWith("policy.yaml:4:3: unknown key \"rebinding\" under levels"), text.get(2));
    assertTrue(text.get(3).startsWith("policy.yaml:6:") && text.get(3).contains("bad endpoint rule"), text.get(3));
    assertTrue(text.get(4).startsWith("policy.yaml:8:21: unknown flag \"Teleport\""), text.get(4));
    assertTrue(text.get(5).startsWith("policy.yaml:9:13: expected cache-size (a whole number)"), text.get(5));
  }

  @Test
  void badYamlIsReportedWithItsPosition() {
    List<PolicyError> errors = new ArrayList<>();
    read("level: [dynamic\n", errors);
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).toString().startsWith("policy.yaml:2:"), errors.get(0).toString());
    assertTrue(errors.get(0).message().startsWith("not valid YAML"));
  }
}
