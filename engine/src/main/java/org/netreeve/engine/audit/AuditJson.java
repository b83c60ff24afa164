package org.netreeve.engine.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON Lines form of an {@link AuditRecord}: one object per line, snake_case keys, absent
 * values left out, so log shippers (Vector, Fluent Bit, Filebeat) take it as it is.
 */
public final class AuditJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private AuditJson() {}

  /** The record as one line of JSON, without the newline. */
  public static String toJson(AuditRecord r) {
    StringWriter out = new StringWriter(768);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes the record as one JSON object. */
  public static void write(JsonGenerator g, AuditRecord r) throws IOException {
    g.writeStartObject();
    g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
    g.writeStringField("stage", r.stage());
    if (!r.stage().equals(r.requestedStage())) {
      g.writeStringField("requested_stage", r.requestedStage());
    }
    g.writeStringField("verdict", r.verdict());
    g.writeNumberField("mark", r.mark());
    g.writeFieldName("rule");
    rule(g, r.rule());
    g.writeArrayFieldStart("matched");
    for (AuditRecord.RuleRef m : r.matched()) {
      rule(g, m);
    }
    g.writeEndArray();
    g.writeStringField("reason", r.reason());
    AuditRecord.ProfileRef p = r.profile();
    g.writeObjectFieldStart("profile");
    g.writeStringField("id", p.id());
    g.writeStringField("name", p.name());
    opt(g, "file", p.file());
    g.writeStringField("match", p.match());
    opt(g, "special", p.special());
    g.writeEndObject();
    AuditRecord.ProcessRef pr = r.process();
    g.writeObjectFieldStart("process");
    g.writeNumberField("pid", pr.pid());
    g.writeStringField("exe", pr.exe());
    g.writeStringField("cmdline", pr.cmdline());
    g.writeNumberField("uid", pr.uid());
    opt(g, "user", pr.user());
    opt(g, "container", pr.container());
    strings(g, "parents", pr.parents());
    g.writeEndObject();
    AuditRecord.ConnectionRef c = r.connection();
    g.writeObjectFieldStart("connection");
    opt(g, "protocol", c.protocol());
    g.writeStringField("direction", c.direction());
    opt(g, "local_ip", c.localIp());
    if (c.localPort() != 0) {
      g.writeNumberField("local_port", c.localPort());
    }
    opt(g, "remote_ip", c.remoteIp());
    if (c.remotePort() != 0) {
      g.writeNumberField("remote_port", c.remotePort());
    }
    opt(g, "domain", c.domain());
    strings(g, "cnames", c.cnames());
    opt(g, "query_type", c.queryType());
    opt(g, "scope", c.scope());
    g.writeBooleanField("dns_resolved", c.dnsResolved());
    opt(g, "country", c.country());
    opt(g, "continent", c.continent());
    if (c.asn() != 0) {
      g.writeNumberField("asn", c.asn());
    }
    opt(g, "as_org", c.asOrganisation());
    strings(g, "lists", c.lists());
    strings(g, "categories", c.categories());
    opt(g, "resolver", c.resolver());
    g.writeEndObject();
    g.writeStringField("level", r.level());
    g.writeNumberField("decision_us", Math.round(r.decisionMicros() * 10.0) / 10.0);
    g.writeBooleanField("cached", r.cached());
    opt(g, "inspection", r.inspection());
    opt(g, "decision_id", r.decisionId());
    opt(g, "policy_revision", r.policyRevision());
    AuditRecord.CommunicationRef cr = r.communication();
    if (cr != null) {
      g.writeObjectFieldStart("communication");
      g.writeStringField("id", cr.id());
      opt(g, "domain", cr.domain());
      opt(g, "ip", cr.address());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void rule(JsonGenerator g, AuditRecord.RuleRef r) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", r.name());
    opt(g, "file", r.file());
    if (r.line() > 0) {
      g.writeNumberField("line", r.line());
    }
    g.writeStringField("tier", r.tier());
    g.writeStringField("verdict", r.verdict());
    opt(g, "reason", r.reason());
    g.writeEndObject();
  }

  private static void opt(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }

  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    if (values == null || values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
