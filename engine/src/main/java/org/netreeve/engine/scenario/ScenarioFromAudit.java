package org.netreeve.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns audit records into a scenario file: each record becomes a case that states the process,
 * the connection (or DNS query), the intel and the level it was decided with, and expects the
 * verdict, the deciding rule, the stage and the profile it got. Run against the policy whose
 * revision the records name, every case passes; run against a changed policy, the failures are
 * the decisions the change alters. Records of stage packet are left out: what inspection saw is
 * not in the record.
 */
public final class ScenarioFromAudit {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SPECIAL = Set.of("unidentified", "kernel", "self");

  private ScenarioFromAudit() {}

  /** The result: the scenario file's text, and the records that could not become cases. */
  public record Converted(String yaml, int cases, List<String> skipped) {}

  /**
   * Converts audit records (JSON Lines) into a scenario file for the policy directory {@code policy}
   * (written into the file as it is given).
   *
   * @param lines  the records, one JSON object per line; blank lines are ignored
   * @param source where the records come from, for the skipped records' messages
   */
  public static Converted convert(List<String> lines, String source, String policy) {
    List<Object> cases = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode r;
      try {
        r = JSON.readTree(line);
      } catch (IOException e) {
        skipped.add(source + ":" + lineNo + ": not a JSON audit record");
        continue;
      }
      String stage = text(r, "requested_stage") != null ? text(r, "requested_stage") : text(r, "stage");
      if (stage == null || text(r, "verdict") == null || !r.has("connection") || !r.has("process")) {
        skipped.add(source + ":" + lineNo + ": not an audit record (no stage, verdict, process or connection)");
        continue;
      }
      if ("packet".equals(stage)) {
        skipped.add(source + ":" + lineNo + ": stage packet: what inspection saw is not in the record");
        continue;
      }
      cases.add(toCase(r, stage));
    }
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("policy", policy);
    file.put("cases", cases);
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(120);
    String header = "# Scenario cases made from the audit records of " + source
        + " (netreeve test --from-audit).\n";
    return new Converted(header + new Yaml(o).dump(file), cases.size(), skipped);
  }

  private static Map<String, Object> toCase(JsonNode r, String stage) {
    JsonNode p = r.path("process");
    JsonNode c = r.path("connection");
    JsonNode profile = r.path("profile");
    Map<String, Object> k = new LinkedHashMap<>();
    String target = text(c, "domain") != null ? text(c, "domain") : text(c, "remote_ip");
    k.put("name", r.path("rule").path("name").asText() + " " + text(r, "verdict") + ": " + p.path("exe").asText()
        + (target == null ? "" : " → " + target + (c.has("remote_port") ? ":" + c.get("remote_port").asInt() : ""))
        + (text(r, "decision_id") == null ? "" : " (decision " + text(r, "decision_id") + ")"));
    Map<String, Object> process = new LinkedHashMap<>();
    String profileId = text(profile, "id");
    String special = text(profile, "special");
    if (special != null && SPECIAL.contains(special)) {
      process.put("special", special);
    } else {
      put(process, "exe", text(p, "exe"));
      put(process, "cmdline", text(p, "cmdline"));
      process.put("uid", p.path("uid").asInt());
      put(process, "user", text(p, "user"));
      put(process, "container", text(p, "container"));
      strings(process, "parents", p, "parents");
    }
    k.put("process", process);
    Map<String, Object> conn = new LinkedHashMap<>();
    conn.put("stage", stage);
    put(conn, "direction", text(c, "direction"));
    put(conn, "protocol", text(c, "protocol"));
    put(conn, "domain", text(c, "domain"));
    strings(conn, "cnames", c, "cnames");
    put(conn, "ip", text(c, "remote_ip"));
    if (c.has("remote_port")) {
      conn.put("port", c.get("remote_port").asInt());
    }
    if ("inbound".equals(text(c, "direction")) && c.has("local_port")) {
      conn.put("local-port", c.get("local_port").asInt());
    }
    if (!"before-intel".equals(stage) && !"after-intel".equals(stage)) {
      conn.put("resolved", c.path("dns_resolved").asBoolean());
    }
    put(conn, "query-type", text(c, "query_type"));
    put(conn, "resolver", text(c, "resolver"));
    k.put("connection", conn);
    Map<String, Object> intel = new LinkedHashMap<>();
    strings(intel, "lists", c, "lists");
    strings(intel, "categories", c, "categories");
    put(intel, "country", text(c, "country"));
    put(intel, "continent", text(c, "continent"));
    if (c.path("asn").asInt() != 0) {
      intel.put("asn", c.get("asn").asInt());
    }
    if (!intel.isEmpty()) {
      k.put("intel", intel);
    }
    put(k, "level", text(r, "level"));
    Map<String, Object> expect = new LinkedHashMap<>();
    expect.put("verdict", text(r, "verdict"));
    put(expect, "rule", text(r.path("rule"), "name"));
    put(expect, "stage", text(r, "stage"));
    put(expect, "profile", profileId);
    k.put("expect", expect);
    return k;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  /** Copies the JSON array {@code field} of {@code n}, when it has elements, as a list of strings. */
  private static void strings(Map<String, Object> m, String key, JsonNode n, String field) {
    if (n.path(field).size() > 0) {
      List<String> out = new ArrayList<>();
      n.path(field).forEach(x -> out.add(x.asText()));
      m.put(key, out);
    }
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
