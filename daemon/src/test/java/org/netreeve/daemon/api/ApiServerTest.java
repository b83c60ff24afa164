package org.netreeve.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.daemon.connections.ConnectionView;
import org.netreeve.daemon.history.HistoryException;
import org.netreeve.net.Direction;
import org.netreeve.net.Verdict;
import org.netreeve.profiles.model.SecurityLevel;

/** The API over real HTTP with fakes behind its narrow interfaces. */
class ApiServerTest {

  @TempDir
  Path state;

  private ApiServer api;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();
  private SecurityLevel level = SecurityLevel.DYNAMIC;
  private int reloads;
  private boolean historyOn;

  @BeforeEach
  void start() throws Exception {
    LevelControl levels = new LevelControl() {
      @Override
      public SecurityLevel current() {
        return level;
      }

      @Override
      public String reason() {
        return "configured";
      }

      @Override
      public void set(SecurityLevel l, String why) {
        level = l;
      }
    };
    PolicyReload reload = new PolicyReload() {
      @Override
      public String reload() {
        reloads++;
        return null;
      }

      @Override
      public String reloadIntel() {
        return "intel: no lists";
      }
    };
    HistoryAccess history = new HistoryAccess() {
      @Override
      public boolean enabled() {
        return historyOn;
      }

      @Override
      public org.netreeve.daemon.history.HistoryStore store() throws HistoryException {
        throw new HistoryException("history is unavailable: database locked");
      }
    };
    ConnectionView connections = new ConnectionView() {
      @Override
      public List<Row> connections(int limit) {
        return List.of(new Row("TCP 10.0.0.2:40000 -> 93.184.216.34:443", Direction.OUTBOUND,
            Verdict.PERMANENT_ACCEPT, "curl (pid 10)", "example.org", null, "c1-1", false)).subList(0,
            Math.min(1, limit));
      }

      @Override
      public int size() {
        return 1;
      }
    };
    api = new ApiServer(new ApiServer.Parts(() -> Map.of("uptime_seconds", 7), levels, reload, history, connections,
        new AuditFeed(10), null), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), state);
    token = Files.readString(state.resolve(ApiServer.TOKEN_FILE)).trim();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> call(String method, String path, boolean withToken) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.address().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (withToken) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void statusAndLevelAreOpenToLocalClients() throws Exception {
    HttpResponse<String> s = call("GET", "/api/status", false);
    assertEquals(200, s.statusCode());
    assertEquals(7, json(s).get("uptime_seconds").asInt());
    assertEquals("dynamic", json(call("GET", "/api/level", false)).get("level").asText());
  }

  @Test
  void changingAnythingNeedsTheToken() throws Exception {
    assertEquals(401, call("POST", "/api/level?level=secure", false).statusCode());
    assertEquals(SecurityLevel.DYNAMIC, level);
    assertEquals(200, call("POST", "/api/level?level=secure", true).statusCode());
    assertEquals(SecurityLevel.SECURE, level);
    assertEquals(400, call("POST", "/api/level?level=paranoid", true).statusCode());
    assertEquals(401, call("POST", "/api/reload", false).statusCode());
    assertEquals(0, reloads);
    assertEquals(200, call("POST", "/api/reload", true).statusCode());
    assertEquals(1, reloads);
    HttpResponse<String> intel = call("POST", "/api/intel/reload", true);
    assertEquals(422, intel.statusCode());
    assertEquals("intel: no lists", json(intel).get("error").asText());
    assertEquals(405, call("GET", "/api/reload", true).statusCode());
  }

  @Test
  void connectionsComeFromTheTablesViewForTheTokenHolderOnly() throws Exception {
    assertEquals(401, call("GET", "/api/connections", false).statusCode());
    JsonNode rows = json(call("GET", "/api/connections", true));
    assertEquals(1, rows.size());
    assertEquals("c1-1", rows.get(0).get("communication").asText());
    assertEquals("outbound", rows.get(0).get("direction").asText());
    assertEquals("PermanentAccept", rows.get(0).get("verdict").asText());
    HttpResponse<String> bad = call("GET", "/api/connections?limit=0", true);
    assertEquals(400, bad.statusCode());
    assertTrue(json(bad).get("error").asText().contains("parameter limit"));
  }

  @Test
  void historyAndDnsSayWhyTheyAreNotThere() throws Exception {
    HttpResponse<String> off = call("GET", "/api/history", true);
    assertEquals(400, off.statusCode());
    assertEquals("history is off (history: enabled: false)", json(off).get("error").asText());
    historyOn = true;
    HttpResponse<String> locked = call("GET", "/api/history", true);
    assertEquals(503, locked.statusCode());
    assertEquals("history is unavailable: database locked", json(locked).get("error").asText());
    HttpResponse<String> dns = call("GET", "/api/dns/cache", false);
    assertEquals(400, dns.statusCode());
    assertTrue(json(dns).get("error").asText().contains("nameserver is not running"));
    assertEquals(404, call("GET", "/api/nothing", true).statusCode());
  }
}
