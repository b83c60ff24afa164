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
 * @param decisionId      unique in the life of the daemon that decided
 * @param policyRevision  the revision (digest) of the policy that decided
 * @param communication   for a connection's first packet: the communication its link belongs to
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
    String inspection,
    String decisionId,
    String policyRevision,
    CommunicationRef communication) {

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
   * @param special which special profile it is (unidentified, kernel, resolver, self), or null
   */
  public record ProfileRef(String id, String name, String file, String match, String special) {}

  /**
   * The communication a link belongs to: the same application with the same domain (or address,
   * when there is no domain); its id is shared by the records of all its links.
   *
   * @param id      the communication's id
   * @param domain  its domain, or null
   * @param address its remote address when it has no domain, or null
   */
  public record CommunicationRef(String id, String domain, String address) {}

  /** The process that owns the connection. */
  public record ProcessRef(int pid, String exe, String cmdline, int uid, String user, String container,
      List<String> parents) {
    public ProcessRef {
      parents = parents == null ? List.of() : List.copyOf(parents);
    }
  }

  /**
   * The connection or DNS query; {@code categories} are those of {@code lists}, {@code resolver} the
   * scope of the resolver that answered (after-intel only).
   */
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
      List<String> lists,
      List<String> categories,
      String resolver) {
    public ConnectionRef {
      cnames = cnames == null ? List.of() : List.copyOf(cnames);
      lists = lists == null ? List.of() : List.copyOf(lists);
      categories = categories == null ? List.of() : List.copyOf(categories);
    }
  }
}
