package org.netreeve.engine.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditJsonTest {

  static AuditRecord sample(String domain) {
    return new AuditRecord(Instant.parse("2026-01-02T03:04:05Z"), "communication", "link", "PermanentBlock", 1711,
        new AuditRecord.RuleRef("filterlists.block", "org/netreeve/rules/filterlists.drl", 10, "filter-lists",
            "Block", "x is on the filter list TRAC"),
        List.of(new AuditRecord.RuleRef("default.global", "d.drl", 26, "default", "Accept", "global default")),
        "x is on the filter list TRAC",
        new AuditRecord.ProfileRef("curl", "curl", "/p/curl.yaml", "exact", null),
        new AuditRecord.ProcessRef(42, "/usr/bin/curl", "curl \"http://x\"", 1000, "alice", "", List.of("/bin/bash")),
        new AuditRecord.ConnectionRef("TCP", "outbound", "10.0.0.2", 50000, "93.184.216.34", 443, domain,
            List.of("cdn.example.net"), null, "internet", true, "US", "NA", 15133, "Edgecast", List.of("TRAC"), List.of(), null),
        "dynamic", 12.34, false, null, "1a2b3c4d-2a", "0123456789abcdef",
        new AuditRecord.CommunicationRef("c1f00-7", domain, null));
  }

  @Test
  void writesOneLineWithEveryField() throws Exception {
    String json = AuditJson.toJson(sample("x.example.com"));
    assertFalse(json.contains("\n"));
    JsonNode n = new ObjectMapper().readTree(json);
    assertEquals("2026-01-02T03:04:05Z", n.get("time").asText());
    assertEquals("communication", n.get("stage").asText());
    assertEquals("link", n.get("requested_stage").asText());
    assertEquals("PermanentBlock", n.get("verdict").asText());
    assertEquals(1711, n.get("mark").asInt());
    assertEquals("1a2b3c4d-2a", n.get("decision_id").asText());
    assertEquals("0123456789abcdef", n.get("policy_revision").asText());
    assertEquals("c1f00-7", n.get("communication").get("id").asText());
    assertEquals("x.example.com", n.get("communication").get("domain").asText());
    assertEquals("filterlists.block", n.at("/rule/name").asText());
    assertEquals(10, n.at("/rule/line").asInt());
    assertEquals("default.global", n.at("/matched/0/name").asText());
    assertEquals("curl", n.at("/profile/id").asText());
    assertEquals("curl \"http://x\"", n.at("/process/cmdline").asText());
    assertEquals("/bin/bash", n.at("/process/parents/0").asText());
    assertEquals("x.example.com", n.at("/connection/domain").asText());
    assertEquals("cdn.example.net", n.at("/connection/cnames/0").asText());
    assertEquals(15133, n.at("/connection/asn").asInt());
    assertEquals("TRAC", n.at("/connection/lists/0").asText());
    assertEquals(12.3, n.get("decision_us").asDouble(), 0.001);
    assertFalse(n.get("cached").asBoolean());
    assertTrue(n.at("/process/container").isMissingNode(), "empty values are left out");
  }

  @Test
  void logAppendsLinesAndReopens(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit/audit.jsonl");
    try (JsonLinesAuditLog log = new JsonLinesAuditLog(file, 16)) {
      for (int i = 0; i < 100; i++) {
        log.write(sample("d" + i + ".example"));
      }
      log.flush();
      assertEquals(100, Files.readAllLines(file).size());
      Files.move(file, dir.resolve("audit/audit.jsonl.1"));
      log.reopen();
      log.write(sample("after.example"));
      log.flush();
    }
    List<String> fresh = Files.readAllLines(file);
    assertEquals(1, fresh.size());
    assertTrue(fresh.get(0).contains("after.example"));
  }
}
