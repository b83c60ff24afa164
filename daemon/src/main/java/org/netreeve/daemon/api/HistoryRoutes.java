package org.netreeve.daemon.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.netreeve.daemon.history.HistoryQuery;
import org.netreeve.daemon.history.HistoryRow;
import org.netreeve.daemon.history.HistoryStore;
import org.netreeve.daemon.history.HistorySummary;

/** {@code /api/history} and {@code /api/history/summary}, for the token holder only. */
final class HistoryRoutes {

  private static final Set<String> HISTORY_PARAMS = Set.of("since", "until", "verdict", "profile", "rule", "domain",
      "exe", "ip", "limit");
  private static final Set<String> SUMMARY_PARAMS = Set.of("since");

  private final HistoryAccess history;

  HistoryRoutes(HistoryAccess history) {
    this.history = history;
  }

  void register(Map<String, Route> routes) {
    routes.put("/api/history", x -> {
      x.authorize();
      x.get();
      x.send(200, store().query(historyQuery(x)).stream().map(HistoryRoutes::historyRow).toList());
    });
    routes.put("/api/history/summary", x -> {
      x.authorize();
      x.get();
      x.send(200, historySummary(store().summary(summarySince(x))));
    });
  }

  private HistoryStore store() throws Exception {
    if (!history.enabled()) {
      throw ApiException.badRequest("history is off (history: enabled: false)");
    }
    return history.store();
  }

  /** The filters of /api/history; a parameter that is unknown or bad is named in the 400. */
  private static HistoryQuery historyQuery(Exchange x) throws ApiException {
    x.onlyParams(HISTORY_PARAMS);
    Map<String, String> q = x.query();
    Instant now = Instant.now();
    HistoryQuery h = HistoryQuery.newest(x.intParam("limit", HistoryQuery.DEFAULT_LIMIT));
    h = param(h, q, "since", (hq, v) -> hq.withSince(HistoryQuery.parseTime(v, now)));
    h = param(h, q, "until", (hq, v) -> hq.withUntil(HistoryQuery.parseTime(v, now)));
    h = param(h, q, "verdict", HistoryQuery::withVerdict);
    h = param(h, q, "profile", HistoryQuery::withProfile);
    h = param(h, q, "rule", HistoryQuery::withRule);
    h = param(h, q, "domain", HistoryQuery::withDomain);
    h = param(h, q, "exe", HistoryQuery::withExe);
    return param(h, q, "ip", HistoryQuery::withRemoteIp);
  }

  /** Applies one parameter; its IllegalArgumentException becomes a 400 that names the parameter. */
  private static HistoryQuery param(HistoryQuery h, Map<String, String> q, String name,
      BiFunction<HistoryQuery, String, HistoryQuery> with) throws ApiException {
    String v = q.get(name);
    if (v == null) {
      return h;
    }
    try {
      return with.apply(h, v);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("parameter " + name + ": " + e.getMessage());
    }
  }

  private static Instant summarySince(Exchange x) throws ApiException {
    x.onlyParams(SUMMARY_PARAMS);
    Map<String, String> q = x.query();
    try {
      return HistoryQuery.parseTime(q.getOrDefault("since", "1d"), Instant.now());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("parameter since: " + e.getMessage());
    }
  }


  /** A row in the shape of an audit record (a subset of its fields), absent values left out. */
  private static Map<String, Object> historyRow(HistoryRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("time", r.time().toString());
    m.put("stage", r.stage());
    m.put("verdict", r.verdict());
    m.put("mark", r.mark());
    Map<String, Object> rule = new LinkedHashMap<>();
    put(rule, "name", r.ruleName());
    put(rule, "file", r.ruleFile());
    put(rule, "line", r.ruleLine());
    m.put("rule", rule);
    put(m, "reason", r.reason());
    Map<String, Object> profile = new LinkedHashMap<>();
    put(profile, "id", r.profileId());
    put(profile, "name", r.profileName());
    m.put("profile", profile);
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("pid", r.pid());
    put(process, "exe", r.exe());
    put(process, "cmdline", r.cmdline());
    process.put("uid", r.uid());
    put(process, "user", r.user());
    m.put("process", process);
    Map<String, Object> c = new LinkedHashMap<>();
    put(c, "protocol", r.protocol());
    put(c, "direction", r.direction());
    put(c, "local_ip", r.localIp());
    put(c, "local_port", r.localPort());
    put(c, "remote_ip", r.remoteIp());
    put(c, "remote_port", r.remotePort());
    put(c, "domain", r.domain());
    put(c, "scope", r.scope());
    put(c, "country", r.country());
    put(c, "asn", r.asn());
    m.put("connection", c);
    put(m, "level", r.level());
    m.put("decision_us", r.decisionMicros());
    m.put("cached", r.cached());
    m.put("times", r.times());
    if (r.lastTime() != null) {
      m.put("last_time", r.lastTime().toString());
    }
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null && !(value instanceof Integer i && i == 0)) {
      m.put(key, value);
    }
  }

  private static Map<String, Object> historySummary(HistorySummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("since", s.since().toString());
    m.put("total", s.total());
    Map<String, Long> verdicts = new LinkedHashMap<>();
    s.verdicts().forEach(c -> verdicts.put(c.key(), c.count()));
    m.put("verdicts", verdicts);
    m.put("profiles", counts(s.profiles(), "profile"));
    m.put("blocked_domains", counts(s.blockedDomains(), "domain"));
    m.put("blocked_remote_ips", counts(s.blockedRemoteIps(), "ip"));
    m.put("rules", counts(s.rules(), "rule"));
    return m;
  }

  private static List<Object> counts(List<HistorySummary.Count> counts, String key) {
    List<Object> out = new ArrayList<>();
    for (HistorySummary.Count c : counts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(key, c.key());
      m.put("count", c.count());
      out.add(m);
    }
    return out;
  }
}
