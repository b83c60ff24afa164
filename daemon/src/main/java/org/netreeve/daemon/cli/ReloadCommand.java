package org.netreeve.daemon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code netreeve reload}. */
@Command(name = "reload", mixinStandardHelpOptions = true,
    description = "Reload the policy (like SIGHUP). On errors the running policy stays and the errors are shown.")
public final class ReloadCommand implements Callable<Integer> {

  @Mixin
  ApiClient api;

  @Override
  public Integer call() throws Exception {
    api.post("/api/reload", null);
    System.out.println("policy reloaded");
    return 0;
  }
}
