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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * <p>Reading (status, connections, audit, events) is open to local clients; changing anything
 * (level, reload, DNS flush and queries) needs the token the daemon writes to its state
 * directory, readable only by its owner: {@code Authorization: Bearer <token>}. Bad requests get
 * 400 with a JSON error naming what was wrong; the daemon is never affected by them.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  public static final String TOKEN_FILE = "api.token";

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
        case "/api/connections" -> get(x, method, () -> connections(intParam(q, "limit", 500)));
        case "/api/audit" -> get(x, method, () -> feed.last(intParam(q, "limit", 100)).stream()
            .map(this::readTree).toList());
        case "/api/events" -> events(x);
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

  private void authorize(HttpExchange x) throws Unauthorized {
    String h = x.getRequestHeaders().getFirst("Authorization");
    if (h == null || !h.startsWith("Bearer ")) {
      throw new Unauthorized();
    }
    byte[] given = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new Unauthorized();
    }
  }

  private Object status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
    s.put("level", daemon.levels().current().yamlName().toLowerCase(Locale.ROOT));
    s.put("level_reason", daemon.levels().reason());
    PolicySnapshot p = daemon.engine().snapshot();
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("directory", String.valueOf(p.directory()));
    policy.put("generation", p.generation());
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
    return s;
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
