package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netreeve history}: query the running daemon's history database. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Show past verdicts from the daemon's history database, newest first, or a summary (--summary).",
        "Filters combine (all must match). The audit log is the record of truth; the history is its queryable copy."})
public final class HistoryCommand implements Callable<Integer> {

  @Mixin
  ApiClient api;

  @Option(names = "--since", description = "Only verdicts since: a duration (10m, 2h, 1d, 1w) or an ISO time "
      + "(default: all kept; 1d with --summary).")
  String since;

  @Option(names = "--until", description = "Only verdicts before: a duration or an ISO time.")
  String until;

  @Option(names = "--verdict", description = "accept, block, drop, reroute (with their permanent editions), "
      + "or a verdict name (PermanentBlock).")
  String verdict;

  @Option(names = "--profile", description = "Profile id.")
  String profile;

  @Option(names = "--rule", description = "Name of the deciding rule.")
  String rule;

  @Option(names = "--domain", description = "Domain (or a part of it).")
  String domain;

  @Option(names = "--exe", description = "Executable path (or a part of it).")
  String exe;

  @Option(names = "--ip", description = "Remote address.")
  String ip;

  @Option(names = {"-n", "--limit"}, description = "At most this many verdicts (default: 100).")
  Integer limit;

  @Option(names = "--summary", description = "Counts per verdict and the top profiles, blocked domains and "
      + "addresses, and deciding rules.")
  boolean summary;

  @Option(names = "--json", description = "Print JSON: one verdict per line, or the summary object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (summary) {
      if (until != null || verdict != null || profile != null || rule != null || domain != null || exe != null
          || ip != null || limit != null) {
        System.err.println("netreeve history: --summary takes --since only");
        return 2;
      }
      JsonNode s = api.get("/api/history/summary?since=" + ApiClient.enc(since == null ? "1d" : since));
      System.out.println(json ? api.pretty(s) : summaryText(s, since == null ? "1d" : since));
      return 0;
    }
    StringBuilder path = new StringBuilder("/api/history");
    char sep = '?';
    String[][] params = {{"since", since}, {"until", until}, {"verdict", verdict}, {"profile", profile},
        {"rule", rule}, {"domain", domain}, {"exe", exe}, {"ip", ip},
        {"limit", limit == null ? null : limit.toString()}};
    for (String[] p : params) {
      if (p[1] != null) {
        path.append(sep).append(p[0]).append('=').append(ApiClient.enc(p[1]));
        sep = '&';
      }
    }
    JsonNode rows = api.get(path.toString());
    if (json) {
      for (JsonNode r : rows) {
        System.out.println(r.toString());
      }
    } else if (rows.isEmpty()) {
      System.out.println("no verdicts match");
    } else {
      System.out.print(table(rows));
    }
    return 0;
  }

  /** Columns as wide as their widest cell (long ones cut); the reason last, whole. */
  static String table(JsonNode rows) {
    String[] head = {"TIME", "VERDICT", "PROFILE", "PROCESS", "CONNECTION", "RULE", "REASON"};
    int[] max = {20, 26, 24, 40, 60, 32, Integer.MAX_VALUE};
    List<String[]> lines = new ArrayList<>();
    lines.add(head);
    for (JsonNode r : rows) {
      String time = r.path("time").asText();
      // Whole seconds are enough in a table; --json has the rest.
      int dot = time.indexOf('.');
      if (dot > 0) {
        time = time.substring(0, dot) + "Z";
      }
      JsonNode p = r.path("process");
      String process = (p.path("pid").asInt() >= 0 ? p.path("pid").asInt() + " " : "")
          + p.path("exe").asText("unidentified");
      // Repeats (one program, one place, one verdict, only the local port differing) are one row.
      int times = r.path("times").asInt(1);
      String verdict = r.path("verdict").asText() + (times > 1 ? " x" + times : "");
      lines.add(new String[] {time, verdict, r.at("/profile/id").asText(), process,
          connection(r.path("connection")), r.at("/rule/name").asText(), r.path("reason").asText()});
    }
    int[] width = new int[head.length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        l[i] = cut(l[i], max[i]);
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        sb.append(i == l.length - 1 ? l[i] : String.format("%-" + width[i] + "s  ", l[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String connection(JsonNode c) {
    StringBuilder sb = new StringBuilder();
    boolean inbound = "inbound".equals(c.path("direction").asText());
    sb.append(c.path("protocol").asText("DNS")).append(inbound ? " in from " : " out ");
    if (c.hasNonNull("domain")) {
      sb.append(c.get("domain").asText());
      if (c.hasNonNull("remote_ip")) {
        sb.append(" (").append(c.get("remote_ip").asText()).append(')');
      }
    } else if (c.hasNonNull("remote_ip")) {
      sb.append(c.get("remote_ip").asText());
    }
    // Inbound, the remote port is the client's ephemeral one; the local port says which service.
    if (inbound && c.has("local_port")) {
      sb.append(" to port ").append(c.get("local_port").asInt());
    } else if (!inbound && c.has("remote_port")) {
      sb.append(" port ").append(c.get("remote_port").asInt());
    }
    return sb.toString();
  }

  private static String cut(String s, int max) {
    // Paths and domains say the most at their end.
    return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
  }

  static String summaryText(JsonNode s, String since) {
    StringBuilder sb = new StringBuilder();
    String from = s.path("since").asText();
    int dot = from.indexOf('.');
    sb.append(String.format("Since %s (%s): %d verdicts%n", dot > 0 ? from.substring(0, dot) + "Z" : from, since,
        s.path("total").asLong()));
    List<String> verdicts = new ArrayList<>();
    s.path("verdicts").properties().forEach(e -> verdicts.add(e.getKey() + " " + e.getValue().asLong()));
    if (!verdicts.isEmpty()) {
      sb.append("Verdicts: ").append(String.join(", ", verdicts)).append('\n');
    }
    section(sb, "Top profiles", s.path("profiles"), "profile");
    section(sb, "Top blocked domains", s.path("blocked_domains"), "domain");
    section(sb, "Top blocked remote addresses", s.path("blocked_remote_ips"), "ip");
    section(sb, "Top deciding rules", s.path("rules"), "rule");
    return sb.toString().stripTrailing();
  }

  private static void section(StringBuilder sb, String title, JsonNode counts, String key) {
    if (counts.isEmpty()) {
      return;
    }
    sb.append('\n').append(title).append(":\n");
    for (JsonNode c : counts) {
      sb.append(String.format("  %8d  %s%n", c.path("count").asLong(), c.path(key).asText()));
    }
  }
}
