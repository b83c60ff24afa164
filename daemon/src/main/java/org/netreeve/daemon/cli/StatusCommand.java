package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netreeve status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the running daemon's state: security level, policy, decisions, queues, DNS.")
public final class StatusCommand implements Callable<Integer> {

  @Mixin
  ApiClient api;

  @Option(names = "--json", description = "Print the full status as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode s = api.get("/api/status");
    if (json) {
      System.out.println(api.pretty(s));
      return 0;
    }
    System.out.printf("Level:     %s (%s)%n", s.path("level").asText(), s.path("level_reason").asText());
    JsonNode p = s.path("policy");
    System.out.printf("Policy:    %s, %d profiles, %d rules, loaded %s%s%n", p.path("directory").asText(),
        p.path("profiles").asInt(), p.path("rules").asInt(), p.path("loaded_at").asText(),
        p.path("last_reload_error").isNull() || p.path("last_reload_error").isMissingNode() ? ""
            : "\n           last reload FAILED: " + p.path("last_reload_error").asText());
    JsonNode e = s.path("engine");
    System.out.printf("Decisions: %d (%d from the cache), %.1f µs on average%n", e.path("decisions").asLong(),
        e.path("cache_hits").asLong(), e.path("mean_decision_us").asDouble());
    JsonNode pl = s.path("pipeline");
    System.out.printf("Packets:   %d queued, %d decided, %d failed; %d links known%n", pl.path("packets").asLong(),
        pl.path("decided").asLong(), pl.path("failures").asLong(), pl.path("links").asLong());
    for (JsonNode q : s.path("queues")) {
      JsonNode st = q.path("stats");
      System.out.printf("Queue %d: %d received, %d accepted, %d dropped, %d malformed%n", q.path("queue").asInt(),
          st.path("received").asLong(), st.path("accepted").asLong(), st.path("dropped").asLong(),
          st.path("malformed").asLong());
    }
    if (s.has("dns")) {
      JsonNode c = s.path("dns").path("cache");
      System.out.printf("DNS:       cache %d entries, %d hits, %d misses%n", c.path("entries").asLong(),
          c.path("hits").asLong(), c.path("misses").asLong());
    }
    System.out.printf("Audit log: %s (%d records)%n", s.path("audit").path("path").asText(),
        s.path("audit").path("written").asLong());
    return 0;
  }
}
