package org.netreeve.daemon.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.netreeve.daemon.connections.ConnectionView;
import org.netreeve.daemon.history.HistoryException;
import org.netreeve.dns.service.DnsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local API: JSON over HTTP, bound to a loopback address, for the CLI and the web UI. This
 * class is the HTTP part (listening, the token, routing, errors); each group of paths is a route
 * handler that gets only the narrow interface it needs ({@link Parts}).
 *
 * <p>The status and the level are open to local clients; what programs did (connections, audit,
 * events, history) and changing anything (level, reload, DNS flush and queries) needs the token the
 * daemon writes to its state directory, readable only by its owner:
 * {@code Authorization: Bearer <token>}. Bad requests get 400 with a JSON error naming what was
 * wrong; the daemon is never affected by them.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  public static final String TOKEN_FILE = "api.token";

  /**
   * What the API may use of the running daemon, one narrow interface per concern.
   *
   * @param status      the daemon's counters and settings
   * @param level       the security level
   * @param reload      policy and intel reloads
   * @param history     the connection history
   * @param connections the connection table's read-only view
   * @param feed        the latest audit records and new ones as they come
   * @param dns         the nameserver, or null when it does not run
   */
  public record Parts(StatusSource status, LevelControl level, PolicyReload reload, HistoryAccess history,
      ConnectionView connections, AuditFeed feed, DnsService dns) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[] token;
  private final Map<String, Route> routes = new HashMap<>();

  public ApiServer(Parts parts, InetSocketAddress address, Path stateDir) throws IOException {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new IOException("the API only listens on loopback addresses, not " + address);
    }
    new ControlRoutes(parts.status(), parts.level(), parts.reload()).register(routes);
    new ActivityRoutes(parts.connections(), parts.feed()).register(routes);
    new HistoryRoutes(parts.history()).register(routes);
    new DnsRoutes(parts.dns()).register(routes);
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

  private void handle(HttpExchange http) throws IOException {
    Exchange x = null;
    try {
      String path = http.getRequestURI().getPath();
      Map<String, String> q = Exchange.parseQuery(http.getRequestURI().getRawQuery());
      x = new Exchange(http, q, authorized(http, q));
      if (path.equals("/") || path.equals("/index.html")) {
        resource(http, "index.html", "text/html; charset=utf-8");
        return;
      }
      Route route = routes.get(path);
      if (route == null) {
        x.send(404, Map.of("error", "no such endpoint: " + path));
        return;
      }
      route.handle(x);
    } catch (ApiException e) {
      send(http, e.status(), e.getMessage());
    } catch (HistoryException e) {
      send(http, 503, e.getMessage());
    } catch (Exception e) {
      log.warn("API {} failed: {}", http.getRequestURI(), e.toString());
      send(http, 500, e.toString());
    } finally {
      http.close();
    }
  }

  private static void send(HttpExchange http, int code, String error) throws IOException {
    new Exchange(http, Map.of(), false).send(code, Map.of("error", error));
  }

  /** Whether the request carries the token (header, or ?token= for the browser's event stream). */
  private boolean authorized(HttpExchange x, Map<String, String> q) {
    String h = x.getRequestHeaders().getFirst("Authorization");
    String given = h != null && h.startsWith("Bearer ") ? h.substring(7).trim() : q.get("token");
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token);
  }

  private static void resource(HttpExchange x, String name, String type) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        send(x, 404, "no web UI in this build");
        return;
      }
      byte[] b = in.readAllBytes();
      x.getResponseHeaders().add("Content-Type", type);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
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
}
