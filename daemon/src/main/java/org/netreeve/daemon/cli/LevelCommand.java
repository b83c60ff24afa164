package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code netreeve level [LEVEL]}. */
@Command(name = "level", mixinStandardHelpOptions = true,
    description = {"Show or set the security level: dynamic, secure or fortress.",
        "Setting dynamic also trusts the current network (a new network switches to secure)."})
public final class LevelCommand implements Callable<Integer> {

  @Mixin
  ApiClient api;

  @Parameters(arity = "0..1", paramLabel = "LEVEL", description = "dynamic, secure or fortress")
  String level;

  @Override
  public Integer call() throws Exception {
    if (level == null) {
      JsonNode n = api.get("/api/level");
      System.out.println(n.path("level").asText() + " (" + n.path("reason").asText() + ")");
      return 0;
    }
    JsonNode n = api.post("/api/level?level=" + ApiClient.enc(level), null);
    System.out.println("security level: " + n.path("level").asText());
    return 0;
  }
}
