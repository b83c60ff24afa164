package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netreeve.daemon.run.Daemon;
import org.netreeve.daemon.run.DaemonConfig;
import org.netreeve.daemon.run.DaemonConfigReader;
import org.netreeve.engine.policy.PolicyError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code netreeve run}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the firewall: intercept new connections, decide them with the policy, write the audit log.",
        "SIGHUP reloads the policy and reopens the audit log; SIGTERM/SIGINT stop cleanly and remove the rules."})
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/etc/netreeve/netreeve.yaml")
  Path config;

  @Option(names = "--policy", paramLabel = "DIR", description = "Policy directory (overrides the configuration).")
  Path policy;

  @Override
  public Integer call() throws Exception {
    DaemonConfig cfg = load(config, policy);
    if (cfg == null) {
      return 2;
    }
    Daemon daemon = new Daemon(cfg, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
    Signal.handle(new Signal("HUP"), s -> new Thread(daemon::reload, "reload").start());
    // A clean stop exits 0: the signal only asks the daemon to stop, the rules are removed first.
    Signal.handle(new Signal("TERM"), s -> new Thread(daemon::close, "stop").start());
    Signal.handle(new Signal("INT"), s -> new Thread(daemon::close, "stop").start());
    try {
      daemon.start();
    } catch (Exception e) {
      System.err.println("netreeve: cannot start: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
    daemon.awaitStop();
    return 0;
  }

  /** Reads the configuration file (defaults when it does not exist); prints errors and returns null on any. */
  static DaemonConfig load(Path file, Path policyOverride) throws java.io.IOException {
    DaemonConfig cfg;
    if (Files.exists(file)) {
      List<PolicyError> errors = new ArrayList<>();
      cfg = DaemonConfigReader.read(Files.readString(file), file, errors);
      if (!errors.isEmpty()) {
        errors.forEach(e -> System.err.println(e));
        return null;
      }
    } else if (!file.equals(DaemonConfig.DEFAULT_FILE)) {
      System.err.println(file + ": no such configuration file");
      return null;
    } else {
      cfg = DaemonConfig.defaults();
    }
    if (policyOverride != null) {
      cfg = new DaemonConfig(policyOverride, cfg.auditLog(), cfg.stateDir(), cfg.api(), cfg.interception(),
          cfg.ipv6(), cfg.dns(), cfg.dnsSection(), cfg.intel(), cfg.history(), cfg.historyRetention(),
          cfg.detectNetworkChange(), cfg.recheckInterval());
    }
    return cfg;
  }
}
