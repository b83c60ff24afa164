package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.netreeve.daemon.api.ApiServer;
import org.netreeve.daemon.run.DaemonConfig;
import picocli.CommandLine.Option;

/** Talks to the running daemon's local API; shared options of the commands that do. */
final class ApiClient {

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/netreeve/netreeve.yaml",
      description = "The daemon's configuration (for the API address and token; default: ${DEFAULT-VALUE}).")
  Path config;

  private final ObjectMapper json = new ObjectMapper();

  /** The response of a call that succeeded. */
  JsonNode get(String path) throws Exception {
    return call("GET", path, null);
  }

  JsonNode post(String path, String body) throws Exception {
    return call("POST", path, body);
  }

  private JsonNode call(String method, String path, String body) throws Exception {
    DaemonConfig cfg = RunCommand.load(config, null);
    if (cfg == null) {
      throw new IllegalStateException("cannot read the configuration " + config);
    }
    String host = cfg.api().getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + cfg.api().getPort() + path))
        .timeout(Duration.ofSeconds(20));
    Path tokenFile = cfg.stateDir().resolve(ApiServer.TOKEN_FILE);
    if (Files.isReadable(tokenFile)) {
      b.header("Authorization", "Bearer " + Files.readString(tokenFile).trim());
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r;
    try {
      r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IllegalStateException("the daemon is not running (nothing listens on " + cfg.api() + ")");
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach the daemon at " + cfg.api() + ": " + e.getMessage());
    }
    JsonNode n = r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    if (r.statusCode() == 401) {
      throw new IllegalStateException("not allowed: run as root (the API token " + tokenFile + " is root's)");
    }
    if (r.statusCode() >= 400) {
      throw new IllegalStateException(n.path("error").asText(r.body()));
    }
    return n;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  String pretty(JsonNode n) throws Exception {
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(n);
  }
}
