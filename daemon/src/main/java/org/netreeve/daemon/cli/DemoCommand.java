package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netreeve.daemon.demo.Demo;
import org.netreeve.engine.rulebase.RuleFileCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netreeve demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the whole firewall in throw-away network namespaces with the example policy: real programs "
        + "(curl, python, nc) show allow, block, drop, a profile flag, DNS blocking, astray DNS, rebinding "
        + "protection and security levels, with the audit records they produce.",
        "Needs root. Everything is removed at the end, also on Ctrl-C. Missing programs (iptables, iproute2, curl, "
            + "python3, netcat-openbsd) are installed with apt-get."})
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--policy", paramLabel = "DIR", description = "Policy to demonstrate (default: the examples).")
  Path policy;

  @Override
  public Integer call() throws Exception {
    if (RuleFileCheck.currentUid() != 0) {
      System.err.println("netreeve demo needs root: it creates network namespaces and installs iptables rules in "
          + "them (never on this machine's own network). Run: sudo ./netreeve demo");
      return 2;
    }
    Path dir = policy != null ? policy : findExamples();
    if (dir == null || !Files.isDirectory(dir)) {
      System.err.println("cannot find the example policy; pass --policy DIR");
      return 2;
    }
    if (!installMissing()) {
      return 2;
    }
    Demo demo = new Demo(dir, System.out);
    Thread cleanup = new Thread(demo::close, "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return demo.run();
    } finally {
      demo.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  /** examples/policy next to the jar (a source checkout), or installed with the package. */
  static Path findExamples() {
    List<Path> candidates = new ArrayList<>();
    try {
      Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar.getParent(); p != null; p = p.getParent()) {
        candidates.add(p.resolve("examples/policy"));
      }
    } catch (Exception e) {
      // fall back to the other places
    }
    candidates.add(Path.of("examples/policy"));
    candidates.add(Path.of("/usr/share/netreeve/examples/policy"));
    for (Path c : candidates) {
      if (Files.isDirectory(c.resolve("profiles"))) {
        return c;
      }
    }
    return null;
  }

  private static boolean installMissing() throws Exception {
    String[][] needs = {{"ip", "iproute2"}, {"iptables", "iptables"}, {"ip6tables", "iptables"},
        {"curl", "curl"}, {"python3", "python3"}, {"nc", "netcat-openbsd"}};
    List<String> packages = new ArrayList<>();
    for (String[] n : needs) {
      if (!onPath(n[0]) && !packages.contains(n[1])) {
        packages.add(n[1]);
      }
    }
    if (packages.isEmpty()) {
      return true;
    }
    System.out.println("Installing what the demo needs: " + String.join(" ", packages));
    List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
    cmd.addAll(packages);
    Process update = new ProcessBuilder("apt-get", "update").inheritIO().start();
    update.waitFor();
    int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
    if (rc != 0) {
      System.err.println("could not install " + packages + "; install them and run the demo again");
      return false;
    }
    return true;
  }

  private static boolean onPath(String tool) {
    for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
