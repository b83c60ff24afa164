package org.netreeve.daemon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.netreeve.daemon.history.HistoryException;
import org.netreeve.daemon.history.HistoryQuery;
import org.netreeve.daemon.history.HistoryRow;
import org.netreeve.daemon.history.HistoryStore;
import org.netreeve.daemon.history.HistorySummary;
import org.netreeve.daemon.pipeline.LinkRegistry;
import org.netreeve.daemon.run.Daemon;
import org.netreeve.dns.service.QueryReport;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.profiles.model.SecurityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * The local API: JSON over HTTP, bound to a loopback address, for the CLI and the web UI.
 *
 * <p>The status and the level are open to local clients; what programs did (connections, audit,
 * events, history) and changing anything
 * (level, reload, DNS flush and queries) needs the token the daemon writes to its state
 * directory, readable only by its owner: {@code Authorization: Bearer <token>}. Bad requests get
 * 400 with a JSON error naming what was wrong; the daemon is never affected by them.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  public static final String TOKEN_FILE = "api.token";
  private static final Set<String> HISTORY_PARAMS = Set.of("since", "until", "verdict", "profile", "rule", "domain",
      "exe", "ip", "limit");
  private static final Set<String> SUMMARY_PARAMS = Set.of("since");

  private final Daemon daemon;
  private final AuditFeed feed;
  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[] token;
  private final Instant started = Instant.now();
  private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .findAndRegisterModules();

  public ApiServer(Daemon daemon, AuditFeed feed, InetSocketAddress address, Path stateDir) throws IOException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IOException("the API only listens on loopback addresses, not " + address);
    }
    this.daemon = daemon;
    this.feed = feed;
    this.token = writeToken(stateDir.resolve(TOKEN_FILE));
    this.server = HttpServer.create(address, 64);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "api");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    log.info("API and web UI on http://{}:{}/", address.getAddress().getHostAddress(), server.getAddress().getPort());
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      String path = x.getRequestURI().getPath();
      String method = x.getRequestMethod();
      Map<String, String> q = query(x.getRequestURI().getRawQuery());
      AUTHORIZED.set(authorized(x, q));
      switch (path) {
        case "/", "/index.html" -> resource(x, "index.html", "text/html; charset=utf-8");
        case "/api/status" -> get(x, method, () -> status());
        case "/api/level" -> {
          if ("GET".equals(method)) {
            send(x, 200, Map.of("level", daemon.levels().current().yamlName().toLowerCase(Locale.ROOT),
                "reason", daemon.levels().reason()));
          } else if ("POST".equals(method) || "PUT".equals(method)) {
            authorize(x);
            String l = q.get("level");
            if (l == null) {
              l = body(x).trim();
            }
            SecurityLevel level = SecurityLevel.fromYaml(l);
            if (level == null) {
              throw new BadRequest("unknown level \"" + l + "\", expected dynamic, secure or fortress");
            }
            daemon.levels().set(level, "set by the user");
            send(x, 200, Map.of("level", level.yamlName().toLowerCase(Locale.ROOT)));
          } else {
            throw new MethodNotAllowed();
          }
        }
        case "/api/reload" -> {
          post(x, method);
          String error = daemon.reload();
          send(x, error == null ? 200 : 422, error == null ? Map.of("reloaded", true)
              : Map.of("reloaded", false, "error", error));
        }
        case "/api/intel/reload" -> {
          post(x, method);
          String error = daemon.reloadIntel();
          send(x, error == null ? 200 : 422, error == null ? Map.of("reloaded", true)
              : Map.of("reloaded", false, "error", error));
        }
        case "/api/connections" -> {
          authorize(x);
          get(x, method, () -> connections(intParam(q, "limit", 500)));
        }
        case "/api/audit" -> getPrivate(x, method, () -> feed.last(intParam(q, "limit", 100)).stream()
            .map(this::readTree).toList());
        case "/api/events" -> {
          authorize(x);
          events(x);
        }
        case "/api/history" -> getPrivate(x, method, () -> history().query(historyQuery(q)).stream()
            .map(ApiServer::historyRow).toList());
        case "/api/history/summary" -> getPrivate(x, method,
            () -> historySummary(history().summary(summarySince(q))));
        case "/api/dns/cache" -> get(x, method, () -> dns().stats());
        case "/api/dns/flush" -> {
          post(x, method);
          dns().flushCache();
          send(x, 200, Map.of("flushed", true));
        }
        case "/api/dns/query" -> {
          authorize(x);
          String name = q.get("name");
          if (name == null || name.isBlank()) {
            throw new BadRequest("missing parameter name");
          }
          String typeText = q.getOrDefault("type", "A").toUpperCase(Locale.ROOT);
          int type = Type.value(typeText);
          if (type < 0) {
            throw new BadRequest("unknown query type \"" + typeText + "\"");
          }
          QueryReport r;
          try {
            r = dns().query(name, type, null).get(10, TimeUnit.SECONDS);
          } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
          }
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("name", name);
          out.put("type", typeText);
          out.put("outcome", String.valueOf(r.resolution().outcome()));
          out.put("before", r.resolution().before() == null ? null : r.resolution().before().reason());
          out.put("response", r.responseText());
          send(x, 200, out);
        }
        default -> send(x, 404, Map.of("error", "no such endpoint: " + path));
      }
    } catch (BadRequest e) {
      send(x, 400, Map.of("error", e.getMessage()));
    } catch (HistoryException e) {
      send(x, 503, Map.of("error", e.getMessage()));
    } catch (Unauthorized e) {
      send(x, 401, Map.of("error", "this request needs the API token (" + TOKEN_FILE
          + " in the state directory): Authorization: Bearer <token>"));
    } catch (MethodNotAllowed e) {
      send(x, 405, Map.of("error", "method " + x.getRequestMethod() + " not allowed here"));
    } catch (Exception e) {
      log.warn("API {} failed: {}", x.getRequestURI(), e.toString());
      send(x, 500, Map.of("error", e.toString()));
    } finally {
      x.close();
    }
  }

  private interface Body {
    Object get() throws Exception;
  }

  private void get(HttpExchange x, String method, Body body) throws Exception {
    if (!"GET".equals(method)) {
      throw new MethodNotAllowed();
    }
    send(x, 200, body.get());
  }

  private void post(HttpExchange x, String method) throws Unauthorized, MethodNotAllowed {
    if (!"POST".equals(method)) {
      throw new MethodNotAllowed();
    }
    authorize(x);
  }

  /** Whether the request carries the token (header, or ?token= for the browser's event stream). */
  private boolean authorized(HttpExchange x, Map<String, String> q) {
    String h = x.getRequestHeaders().getFirst("Authorization");
    String given = h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : q.get("token");
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token);
  }

  /** Set per request by {@link #handle} (one exchange per thread at a time). */
  private static final ThreadLocal<Boolean> AUTHORIZED = ThreadLocal.withInitial(() -> false);

  private void authorize(HttpExchange x) throws Unauthorized {
    if (!AUTHORIZED.get()) {
      throw new Unauthorized();
    }
  }

  /** Reading what other users' programs did needs the token too: process names, command lines. */
  private void getPrivate(HttpExchange x, String method, Body body) throws Exception {
    authorize(x);
    get(x, method, body);
  }

  private Object status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
    s.put("level", daemon.levels().current().yamlName().toLowerCase(Locale.ROOT));
    s.put("level_reason", daemon.levels().reason());
    PolicySnapshot p = daemon.policy().snapshot();
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("directory", String.valueOf(p.directory()));
    policy.put("generation", p.generation());
    policy.put("revision", p.revision());
    policy.put("loaded_at", p.loadedAt().toString());
    policy.put("profiles", p.profiles().size());
    policy.put("rules", p.ruleBase().ruleCount());
    policy.put("rule_files", p.ruleBase().files());
    policy.put("last_reload_error", daemon.lastReloadError());
    s.put("policy", policy);
    Map<String, Object> engine = new LinkedHashMap<>();
    engine.put("decisions", daemon.engine().decisions());
    engine.put("cache_hits", daemon.engine().cacheHits());
    engine.put("mean_decision_us", Math.round(daemon.engine().meanMicros() * 10) / 10.0);
    engine.put("cache_entries", p.cache().size());
    s.put("engine", engine);
    Map<String, Object> pipeline = new LinkedHashMap<>();
    pipeline.put("packets", daemon.pipeline().packets());
    pipeline.put("decided", daemon.pipeline().decided());
    pipeline.put("failures", daemon.pipeline().failures());
    pipeline.put("mean_packet_us", Math.round(daemon.pipeline().meanMicros() * 10) / 10.0);
    pipeline.put("network_control", daemon.pipeline().networkControl());
    pipeline.put("links", daemon.pipeline().links().size());
    pipeline.put("communications", daemon.communications().size());
    s.put("pipeline", pipeline);
    List<Object> queues = new ArrayList<>();
    for (NfQueue q : daemon.queues()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("queue", q.config().queueNumber());
      m.put("stats", q.stats());
      queues.add(m);
    }
    s.put("queues", queues);
    s.put("processes", daemon.processes().stats());
    if (daemon.dns() != null) {
      s.put("dns", daemon.dns().stats());
    }
    s.put("audit", Map.of("path", daemon.audit().path().toString(), "written", daemon.audit().written()));
    Map<String, Object> history = new LinkedHashMap<>();
    history.put("enabled", daemon.config().history());
    HistoryStore h = daemon.history();
    if (h != null) {
      history.put("file", h.file().toString());
      history.put("retention", h.retention().toString());
      history.put("stored", h.stored());
      history.put("queued", h.queued());
      history.put("dropped", h.dropped());
      history.put("failed", h.failed());
    } else if (daemon.historyError() != null) {
      history.put("error", daemon.historyError());
    }
    s.put("history", history);
    return s;
  }

  private HistoryStore history() throws BadRequest, HistoryException {
    HistoryStore h = daemon.history();
    if (h != null) {
      return h;
    }
    if (!daemon.config().history()) {
      throw new BadRequest("history is off (history: enabled: false)");
    }
    throw new HistoryException("history is unavailable: " + daemon.historyError());
  }

  /** The filters of /api/history; a parameter that is unknown or bad is named in the 400. */
  private static HistoryQuery historyQuery(Map<String, String> q) throws BadRequest {
    onlyParams(q, HISTORY_PARAMS);
    Instant now = Instant.now();
    HistoryQuery h = HistoryQuery.newest(intParam(q, "limit", HistoryQuery.DEFAULT_LIMIT));
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
      BiFunction<HistoryQuery, String, HistoryQuery> with) throws BadRequest {
    String v = q.get(name);
    if (v == null) {
      return h;
    }
    try {
      return with.apply(h, v);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("parameter " + name + ": " + e.getMessage());
    }
  }

  private static Instant summarySince(Map<String, String> q) throws BadRequest {
    onlyParams(q, SUMMARY_PARAMS);
    try {
      return HistoryQuery.parseTime(q.getOrDefault("since", "1d"), Instant.now());
    } catch (IllegalArgumentException e) {
      throw new BadRequest("parameter since: " + e.getMessage());
    }
  }

  private static void onlyParams(Map<String, String> q, Set<String> known) throws BadRequest {
    for (String k : q.keySet()) {
      if (!known.contains(k)) {
        throw new BadRequest("unknown parameter " + k + ", expected one of "
            + String.join(", ", known.stream().sorted().toList()));
      }
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

  private Object connections(int limit) {
    List<Object> out = new ArrayList<>();
    for (LinkRegistry.Record r : daemon.pipeline().links()) {
      if (out.size() >= limit) {
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("link", r.link().tuple().toString());
      m.put("direction", r.link().direction().name().toLowerCase(Locale.ROOT));
      m.put("verdict", r.verdict().label());
      m.put("process", r.request().process().describe());
      m.put("domain", r.request().domain());
      if (r.communication() != null) {
        m.put("communication", r.communication().id());
      }
      m.put("inspection", r.inspection());
      out.add(m);
    }
    return out;
  }

  private void events(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Content-Type", "text/event-stream");
    x.getResponseHeaders().add("Cache-Control", "no-cache");
    x.sendResponseHeaders(200, 0);
    BlockingQueue<String> q = new ArrayBlockingQueue<>(4096);
    Consumer<String> sub = j -> q.offer(j);
    feed.subscribe(sub);
    try (OutputStream out = x.getResponseBody()) {
      for (String j : feed.last(50)) {
        out.write(("data: " + j + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      while (true) {
        String j = q.poll(15, TimeUnit.SECONDS);
        out.write((j == null ? ": keep-alive\n\n" : "data: " + j + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    } finally {
      feed.unsubscribe(sub);
    }
  }

  private org.netreeve.dns.service.DnsService dns() throws BadRequest {
    if (daemon.dns() == null) {
      throw new BadRequest("the nameserver is not running (dns: enabled: false)");
    }
    return daemon.dns();
  }

  private Object readTree(String s) {
    try {
      return json.readTree(s);
    } catch (IOException e) {
      return s;
    }
  }

  private void resource(HttpExchange x, String name, String type) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        send(x, 404, Map.of("error", "no web UI in this build"));
        return;
      }
      byte[] b = in.readAllBytes();
      x.getResponseHeaders().add("Content-Type", type);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
    }
  }

  private void send(HttpExchange x, int code, Object body) throws IOException {
    byte[] b = json.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private static String body(HttpExchange x) throws IOException {
    try (InputStream in = x.getRequestBody()) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> query(String raw) throws BadRequest {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        m.put(k, v);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("malformed query string: " + e.getMessage());
      }
    }
    return m;
  }

  private static int intParam(Map<String, String> q, String name, int fallback) throws BadRequest {
    String v = q.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > 100_000) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest("parameter " + name + " must be a number from 1 to 100000, not \"" + v + "\"");
    }
  }

  private static byte[] writeToken(Path file) throws IOException {
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String t = HexFormat.of().formatHex(raw);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, t + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    return t.getBytes(StandardCharsets.UTF_8);
  }

  private static final class BadRequest extends Exception {
    BadRequest(String m) {
      super(m);
    }
  }

  private static final class Unauthorized extends Exception {}

  private static final class MethodNotAllowed extends Exception {}
}
