package org.netreeve.daemon.history;

import java.time.Instant;

/**
 * One verdict as the history keeps it: the audit record's fields that questions about the past
 * filter and group by (docs/audit.md describes each). Absent values are null, or 0 for ports, line
 * and AS number, as in {@link org.netreeve.engine.audit.AuditRecord}.
 *
 * @param id             the row's number, increasing in insertion order
 * @param time           when the verdict was made
 * @param stage          the stage of the deciding rule
 * @param verdict        the verdict (PermanentBlock, Accept, ...)
 * @param mark           the mark carrying the verdict to the kernel
 * @param ruleName       the deciding rule
 * @param ruleFile       its file, or null
 * @param ruleLine       its line, 0 when unknown
 * @param reason         why, in one sentence
 * @param profileId      the profile's id
 * @param profileName    the profile's display name
 * @param pid            the process id (negative when unidentified)
 * @param exe            the executable
 * @param cmdline        the command line
 * @param uid            the user id (negative when unknown)
 * @param user           the user name, or null
 * @param protocol       TCP, UDP, ICMP..., or null (DNS stages)
 * @param direction      inbound or outbound
 * @param localIp        the local address, or null
 * @param localPort      the local port, 0 when absent
 * @param remoteIp       the remote address, or null
 * @param remotePort     the remote port, 0 when absent
 * @param domain         the domain, or null
 * @param scope          the network scope (internet, lan, ...), or null
 * @param country        the remote country, or null
 * @param asn            the remote AS number, 0 when unknown
 * @param level          the security level that applied
 * @param decisionMicros time spent deciding, in microseconds
 * @param cached         true when the verdict came from the decision cache
 * @param times          how many verdicts the row stands for: repeats (the same program, place,
 *                       verdict and rule, only the local port differing) within a moment are one row
 * @param lastTime       when the last of the repeats was decided; null when {@code times} is 1
 */
public record HistoryRow(
    long id,
    Instant time,
    String stage,
    String verdict,
    int mark,
    String ruleName,
    String ruleFile,
    int ruleLine,
    String reason,
    String profileId,
    String profileName,
    int pid,
    String exe,
    String cmdline,
    int uid,
    String user,
    String protocol,
    String direction,
    String localIp,
    int localPort,
    String remoteIp,
    int remotePort,
    String domain,
    String scope,
    String country,
    int asn,
    String level,
    double decisionMicros,
    boolean cached,
    int times,
    Instant lastTime) {}
