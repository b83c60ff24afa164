package org.netreeve.daemon.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.netreeve.daemon.connections.ConnectionView;

/**
 * What programs are doing, for the token holder only: {@code /api/connections} (the connection
 * table's view), {@code /api/audit} (the latest audit records) and {@code /api/events} (new
 * records as server-sent events).
 */
final class ActivityRoutes {

  private final ConnectionView connections;
  private final AuditFeed feed;

  ActivityRoutes(ConnectionView connections, AuditFeed feed) {
    this.connections = connections;
    this.feed = feed;
  }

  void register(Map<String, Route> routes) {
    routes.put("/api/connections", this::connections);
    routes.put("/api/audit", this::audit);
    routes.put("/api/events", this::events);
  }

  private void connections(Exchange x) throws Exception {
    x.authorize();
    x.get();
    List<Object> out = new ArrayList<>();
    for (ConnectionView.Row r : connections.connections(x.intParam("limit", 500))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("link", r.link());
      m.put("direction", r.direction().label());
      m.put("verdict", r.verdict().label());
      m.put("process", r.process());
      m.put("domain", r.domain());
      m.put("inspection", r.inspection());
      if (r.communication() != null) {
        m.put("communication", r.communication());
      }
      if (r.stale()) {
        m.put("stale", true);
      }
      out.add(m);
    }
    x.send(200, out);
  }

  private void audit(Exchange x) throws Exception {
    x.authorize();
    x.get();
    List<Object> out = new ArrayList<>();
    for (String line : feed.last(x.intParam("limit", 100))) {
      out.add(readTree(line));
    }
    x.send(200, out);
  }

  private static Object readTree(String s) {
    try {
      return Exchange.JSON.readTree(s);
    } catch (IOException e) {
      return s;
    }
  }

  private void events(Exchange x) throws Exception {
    x.authorize();
    var http = x.http();
    http.getResponseHeaders().add("Content-Type", "text/event-stream");
    http.getResponseHeaders().add("Cache-Control", "no-cache");
    http.sendResponseHeaders(200, 0);
    BlockingQueue<String> q = new ArrayBlockingQueue<>(4096);
    Consumer<String> sub = q::offer;
    feed.subscribe(sub);
    try (OutputStream out = http.getResponseBody()) {
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
}
