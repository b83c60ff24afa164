package org.netreeve.daemon.history;

import java.time.Instant;
import java.util.List;

/**
 * What the history says about a period: how many verdicts of each kind, and who and what were
 * most often involved. "Blocked" means a Block or Drop verdict, permanent or not.
 *
 * @param since            the start of the period (it ends now): as asked, but at most the retention
 *                         back, since older verdicts are gone
 * @param total            verdicts in the period
 * @param verdicts         count per verdict, most frequent first
 * @param profiles         the profiles with the most verdicts
 * @param blockedDomains   the domains most often blocked
 * @param blockedRemoteIps the remote addresses most often blocked
 * @param rules            the rules that decided most often
 */
public record HistorySummary(
    Instant since,
    long total,
    List<Count> verdicts,
    List<Count> profiles,
    List<Count> blockedDomains,
    List<Count> blockedRemoteIps,
    List<Count> rules) {

  public HistorySummary {
    verdicts = List.copyOf(verdicts);
    profiles = List.copyOf(profiles);
    blockedDomains = List.copyOf(blockedDomains);
    blockedRemoteIps = List.copyOf(blockedRemoteIps);
    rules = List.copyOf(rules);
  }

  /** A value (verdict, profile id, domain, address, rule name) and how often it occurred. */
  public record Count(String key, long count) {}
}
