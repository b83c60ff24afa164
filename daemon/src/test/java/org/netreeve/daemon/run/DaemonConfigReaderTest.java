package org.netreeve.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.policy.PolicyError;

class DaemonConfigReaderTest {

  @Test
  void readsEveryKeyAndResolvesPathsAgainstTheFile() {
    List<PolicyError> errors = new ArrayList<>();
    DaemonConfig c = DaemonConfigReader.read(String.join("\n",
        "policy: policy",
        "audit-log: /var/log/nr/audit.jsonl",
        "state-dir: state",
        "api: \"[::1]:8817\"",
        "interception: { enabled: false, ipv6: false, recheck-interval: 30s }",
        "dns:",
        "  enabled: true",
        "  listen: [127.0.0.1:5353]",
        "intel:",
        "  filter-lists: [debian-ublock, lists/index.yaml]",
        "  country-db: geo.mmdb",
        "history: { enabled: false, retention: 2d }",
        "network: { detect-change: false }"), Path.of("/etc/nr/netreeve.yaml"), errors);
    assertEquals(List.of(), errors);
    assertEquals(Path.of("/etc/nr/policy"), c.policy());
    assertEquals(Path.of("/var/log/nr/audit.jsonl"), c.auditLog());
    assertEquals(Path.of("/etc/nr/state"), c.stateDir());
    assertEquals(8817, c.api().getPort());
    assertTrue(c.api().getAddress().isLoopbackAddress());
    assertFalse(c.interception());
    assertFalse(c.ipv6());
    assertEquals(Duration.ofSeconds(30), c.recheckInterval());
    assertTrue(c.dns());
    assertEquals(List.of("127.0.0.1:5353"), c.dnsSection().get("listen"));
    assertEquals(List.of("debian-ublock", "/etc/nr/lists/index.yaml"), c.intel().filterLists());
    assertEquals(Path.of("/etc/nr/geo.mmdb"), c.intel().countryDb());
    assertFalse(c.history());
    assertEquals(Duration.ofDays(2), c.historyRetention());
    assertFalse(c.detectNetworkChange());
  }

  @Test
  void reportsErrorsWithTheirPositions() {
    List<PolicyError> errors = new ArrayList<>();
    DaemonConfigReader.read(String.join("\n",
        "polcy: x",
        "api: localhost",
        "interception: { recheck-interval: soon }",
        "intel: { bundles: /x }"), Path.of("/etc/nr/netreeve.yaml"), errors);
    List<String> text = errors.stream().map(PolicyError::toString).toList();
    assertEquals(4, errors.size(), text.toString());
    assertTrue(text.get(0).startsWith("/etc/nr/netreeve.yaml:1:1: unknown key \"polcy\""), text.get(0));
    assertTrue(text.get(0).contains("did you mean \"policy\""), text.get(0));
    assertTrue(text.get(1).startsWith("/etc/nr/netreeve.yaml:2:6: expected an address and port"), text.get(1));
    assertTrue(text.get(2).contains(":3:") && text.get(2).contains("expected a duration"), text.get(2));
    assertTrue(text.get(3).contains("bundles and update-key go together"), text.get(3));
  }
}
