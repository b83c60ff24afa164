package org.netreeve.daemon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One API request as the route handlers see it: method, query parameters, whether it carries the
 * token, and the answer. Problems a client caused are {@link ApiException}s with their status.
 */
final class Exchange {

  static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .findAndRegisterModules();

  private final HttpExchange x;
  private final Map<String, String> query;
  private final boolean authorized;

  Exchange(HttpExchange x, Map<String, String> query, boolean authorized) {
    this.x = x;
    this.query = query;
    this.authorized = authorized;
  }

  HttpExchange http() {
    return x;
  }

  String method() {
    return x.getRequestMethod();
  }

  Map<String, String> query() {
    return query;
  }

  String param(String name) {
    return query.get(name);
  }

  /** Fails unless the request carries the API token. */
  void authorize() throws ApiException {
    if (!authorized) {
      throw new ApiException(401, "this request needs the API token (" + ApiServer.TOKEN_FILE
          + " in the state directory): Authorization: Bearer <token>");
    }
  }

  /** Fails unless the method is GET. */
  void get() throws ApiException {
    if (!"GET".equals(method())) {
      throw notAllowed();
    }
  }

  /** Fails unless the method is POST and the request carries the token. */
  void post() throws ApiException {
    if (!"POST".equals(method())) {
      throw notAllowed();
    }
    authorize();
  }

  ApiException notAllowed() {
    return new ApiException(405, "method " + method() + " not allowed here");
  }

  /** Fails on a parameter outside {@code known}, naming the ones that are. */
  void onlyParams(Set<String> known) throws ApiException {
    for (String k : query.keySet()) {
      if (!known.contains(k)) {
        throw ApiException.badRequest("unknown parameter " + k + ", expected one of "
            + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  /** A number from 1 to 100000, or {@code fallback} when absent. */
  int intParam(String name, int fallback) throws ApiException {
    String v = query.get(name);
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
      throw ApiException.badRequest("parameter " + name + " must be a number from 1 to 100000, not \"" + v + "\"");
    }
  }

  /** The request body as text (at most 4 KiB). */
  String body() throws IOException {
    try (InputStream in = x.getRequestBody()) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  /** Answers with {@code body} as JSON. */
  void send(int code, Object body) throws IOException {
    byte[] b = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  static Map<String, String> parseQuery(String raw) throws ApiException {
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
        throw ApiException.badRequest("malformed query string: " + e.getMessage());
      }
    }
    return m;
  }
}
