package org.netreeve.daemon.cli;

import java.util.List;
import org.netreeve.engine.audit.AuditRecord;

/** Audit records for people: the verdict, the deciding rule and why, then the rest. */
final class AuditText {

  private AuditText() {}

  /** A multi-line explanation. */
  static String explain(AuditRecord a) {
    StringBuilder sb = new StringBuilder();
    sb.append("Verdict:   ").append(a.verdict()).append(" (mark ").append(a.mark()).append(")\n");
    sb.append("Stage:     ").append(a.stage());
    if (!a.stage().equals(a.requestedStage())) {
      sb.append(" (decided on the first packet, stage ").append(a.requestedStage()).append(')');
    }
    sb.append('\n');
    sb.append("Rule:      ").append(rule(a.rule())).append('\n');
    sb.append("Reason:    ").append(a.reason()).append('\n');
    sb.append("Profile:   ").append(a.profile().name()).append(" [").append(a.profile().id()).append("] matched ")
        .append(a.profile().match());
    if (a.profile().file() != null) {
      sb.append(", ").append(a.profile().file());
    }
    sb.append('\n');
    AuditRecord.ProcessRef p = a.process();
    sb.append("Process:   ").append(p.pid() < 0 ? "unidentified" : "pid " + p.pid() + " " + p.exe())
        .append(p.uid() >= 0 ? " (uid " + p.uid() + (p.user() == null || p.user().isEmpty() ? "" : " " + p.user())
            + ")" : "").append('\n');
    sb.append("Connection: ").append(connection(a.connection())).append('\n');
    sb.append("Level:     ").append(a.level()).append('\n');
    List<AuditRecord.RuleRef> others = a.matched();
    if (!others.isEmpty()) {
      sb.append("Also matched (weaker):\n");
      for (AuditRecord.RuleRef r : others) {
        sb.append("  ").append(rule(r)).append(": ").append(r.verdict()).append(" — ").append(r.reason()).append('\n');
      }
    }
    sb.append(String.format("Decided in %.1f µs%s%n", a.decisionMicros(), a.cached() ? " (from the decision cache)" : ""));
    return sb.toString();
  }

  static String rule(AuditRecord.RuleRef r) {
    StringBuilder sb = new StringBuilder(r.name());
    sb.append(" (");
    if (r.file() != null) {
      sb.append(r.file());
      if (r.line() > 0) {
        sb.append(':').append(r.line());
      }
      sb.append(", ");
    }
    return sb.append("tier ").append(r.tier()).append(')').toString();
  }

  static String connection(AuditRecord.ConnectionRef c) {
    StringBuilder sb = new StringBuilder();
    if (c.protocol() != null && !c.protocol().isEmpty()) {
      sb.append(c.protocol()).append(' ');
    }
    sb.append(c.direction()).append(' ');
    if (c.domain() != null) {
      sb.append(c.domain());
      if (c.remoteIp() != null) {
        sb.append(" (").append(c.remoteIp()).append(')');
      }
    } else if (c.remoteIp() != null) {
      sb.append(c.remoteIp());
    }
    if (c.remotePort() != 0) {
      sb.append(" port ").append(c.remotePort());
    }
    if (c.queryType() != null) {
      sb.append(" query ").append(c.queryType());
    }
    if (c.scope() != null) {
      sb.append(", ").append(c.scope());
    }
    if (!c.lists().isEmpty()) {
      sb.append(", lists ").append(String.join(",", c.lists()));
    }
    if (c.country() != null) {
      sb.append(", ").append(c.country());
    }
    if (c.asn() != 0) {
      sb.append(", AS").append(c.asn());
    }
    return sb.toString();
  }
}
