package org.netreeve.engine.audit;

import java.time.Instant;
import java.util.List;

/**
 * One verdict, explained: written as one line of JSON to the audit log (docs/audit.md describes
 * every field).
 *
 * @param time            when the verdict was made
 * @param stage           the stage of the deciding rule
 * @param requestedStage  the stage that was decided (differs from {@code stage} when a
 *                        communication-level rule decided on the first packet)
 * @param verdict         the verdict
 * @param mark            the connection mark that carries the verdict to the kernel
 * @param rule            the deciding rule
 * @param matched         the other rules that had a say, strongest first
 * @param reason          why, in one sentence
 * @param profile         the profile applied
 * @param process         the process that owns the connection
 * @param connection      the connection (or DNS query)
 * @param level           the security level that applied
 * @param decisionMicros  time spent deciding, in microseconds
 * @param cached          true when the verdict came from the decision cache
 * @param inspection      what inspection keeps the connection in user space, or null
 */
public record AuditRecord(
    Instant time,
    String stage,
    String requestedStage,
    String verdict,
    int mark,
    RuleRef rule,
    List<RuleRef> matched,
    String reason,
    ProfileRef profile,
    ProcessRef process,
    ConnectionRef connection,
    String level,
    double decisionMicros,
    boolean cached,
    String inspection) {

  public AuditRecord {
    // Immutable lists are kept as they are (cached decisions share theirs).
    matched = List.copyOf(matched);
  }

  /**
   * A rule that voted.
   *
   * @param name    rule name
   * @param file    source file (a shipped resource or the administrator's file), or null
   * @param line    line of the rule in the file, 0 when unknown
   * @param tier    precedence tier of its vote
   * @param verdict the verdict it voted for
   * @param reason  its reason
   */
  public record RuleRef(String name, String file, int line, String tier, String verdict, String reason) {}

  /**
   * The profile applied.
   *
   * @param id    profile id (path of its file relative to the profiles directory, without extension)
   * @param name  display name
   * @param file  its file, or null for built-in profiles
   * @param match how it matched: exact, default-prefix, framework..., special, fallback
   */
  public record ProfileRef(String id, String name, String file, String match) {}

  /** The process that owns the connection. */
  public record ProcessRef(int pid, String exe, String cmdline, int uid, String user, String container,
      List<String> parents) {
    public ProcessRef {
      parents = parents == null ? List.of() : List.copyOf(parents);
    }
  }

  /** The connection or DNS query. */
  public record ConnectionRef(
      String protocol,
      String direction,
      String localIp,
      int localPort,
      String remoteIp,
      int remotePort,
      String domain,
      List<String> cnames,
      String queryType,
      String scope,
      boolean dnsResolved,
      String country,
      String continent,
      int asn,
      String asOrganisation,
      List<String> lists) {
    public ConnectionRef {
      cnames = cnames == null ? List.of() : List.copyOf(cnames);
      lists = lists == null ? List.of() : List.copyOf(lists);
    }
  }
}
