package org.netreeve.daemon.history;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.net.Verdict;

/**
 * Which verdicts to read from the history, newest first. Every filter is optional (null) and all
 * given ones must match. Invalid values are rejected when the query is made, with an
 * {@link IllegalArgumentException} that says what was expected, so that a caller can name the
 * parameter at fault.
 *
 * @param since    only verdicts at or after this time
 * @param until    only verdicts before this time
 * @param verdict  a family (accept, block, drop, reroute: each with its permanent edition) or an
 *                 exact verdict name (PermanentBlock, permanent-block, RerouteToNameserver, ...)
 * @param profile  the profile id
 * @param rule     the deciding rule's name
 * @param domain   a part of the domain (case-insensitive)
 * @param exe      a part of the executable's path
 * @param remoteIp the remote address (any spelling of it: it is compared in its canonical form)
 * @param limit    at most this many rows, 1 to {@link #MAX_LIMIT}
 */
public record HistoryQuery(
    Instant since,
    Instant until,
    String verdict,
    String profile,
    String rule,
    String domain,
    String exe,
    String remoteIp,
    int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 100_000;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

  public HistoryQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("must be a number from 1 to " + MAX_LIMIT + ", not " + limit);
    }
    if (since != null && until != null && until.isBefore(since)) {
      throw new IllegalArgumentException("until (" + until + ") is before since (" + since + ")");
    }
    verdict = blankToNull(verdict);
    if (verdict != null) {
      verdictLabels(verdict);
    }
    profile = blankToNull(profile);
    rule = blankToNull(rule);
    domain = blankToNull(domain);
    exe = blankToNull(exe);
    remoteIp = remoteIp == null || remoteIp.isBlank() ? null : canonicalIp(remoteIp);
  }

  /** Every verdict, the newest {@code limit}. */
  public static HistoryQuery newest(int limit) {
    return new HistoryQuery(null, null, null, null, null, null, null, null, limit);
  }

  public HistoryQuery withSince(Instant t) {
    return new HistoryQuery(t, until, verdict, profile, rule, domain, exe, remoteIp, limit);
  }

  public HistoryQuery withUntil(Instant t) {
    return new HistoryQuery(since, t, verdict, profile, rule, domain, exe, remoteIp, limit);
  }

  public HistoryQuery withVerdict(String v) {
    return new HistoryQuery(since, until, v, profile, rule, domain, exe, remoteIp, limit);
  }

  public HistoryQuery withProfile(String p) {
    return new HistoryQuery(since, until, verdict, p, rule, domain, exe, remoteIp, limit);
  }

  public HistoryQuery withRule(String r) {
    return new HistoryQuery(since, until, verdict, profile, r, domain, exe, remoteIp, limit);
  }

  public HistoryQuery withDomain(String d) {
    return new HistoryQuery(since, until, verdict, profile, rule, d, exe, remoteIp, limit);
  }

  public HistoryQuery withExe(String e) {
    return new HistoryQuery(since, until, verdict, profile, rule, domain, e, remoteIp, limit);
  }

  public HistoryQuery withRemoteIp(String ip) {
    return new HistoryQuery(since, until, verdict, profile, rule, domain, exe, ip, limit);
  }

  /** The verdict labels that {@link #verdict} stands for; empty when any verdict will do. */
  public List<String> verdictLabels() {
    return verdict == null ? List.of() : verdictLabels(verdict);
  }

  /**
   * The verdict labels a filter stands for: a family's verdicts (accept, block, drop, reroute),
   * or the one verdict it names.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static List<String> verdictLabels(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Verdict.Kind kind = switch (t) {
      case "accept", "allow", "permit" -> Verdict.Kind.ALLOW;
      case "block" -> Verdict.Kind.BLOCK;
      case "drop" -> Verdict.Kind.DROP;
      case "reroute" -> Verdict.Kind.REROUTE;
      default -> null;
    };
    if (kind == null) {
      try {
        return List.of(Verdict.parse(text).label());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected accept, block, drop, reroute or a verdict name "
            + "(PermanentBlock, RerouteToNameserver, ...), not \"" + text + "\"");
      }
    }
    List<String> out = new ArrayList<>();
    for (Verdict v : Verdict.values()) {
      if (v.kind() == kind) {
        out.add(v.label());
      }
    }
    return List.copyOf(out);
  }

  /** The labels of the verdicts that stop a connection (Block and Drop, permanent or not). */
  public static List<String> blockingLabels() {
    List<String> out = new ArrayList<>();
    for (Verdict v : Verdict.values()) {
      if (v.kind() == Verdict.Kind.BLOCK || v.kind() == Verdict.Kind.DROP) {
        out.add(v.label());
      }
    }
    return List.copyOf(out);
  }

  /**
   * A point in time as people give it: a duration back from {@code now} (30s, 10m, 2h, 7d, 1w) or
   * an ISO time (2026-11-22T10:00:00Z).
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static Instant parseTime(String text, Instant now) {
    String t = text.trim();
    Matcher m = DURATION.matcher(t);
    if (m.matches()) {
      long v = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(v);
        case "m" -> Duration.ofMinutes(v);
        case "h" -> Duration.ofHours(v);
        case "d" -> Duration.ofDays(v);
        default -> Duration.ofDays(7 * v);
      };
      return now.minus(d);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a duration (30s, 10m, 2h, 7d) or an ISO time "
          + "(2026-11-22T10:00:00Z), not \"" + text + "\"");
    }
  }

  private static String canonicalIp(String text) {
    InetAddress a = IpLiteral.parseOrNull(text);
    if (a != null && text.indexOf('%') < 0) {
      return IpLiteral.text(a);
    }
    throw new IllegalArgumentException("expected an IPv4 or IPv6 address, not \"" + text + "\"");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
