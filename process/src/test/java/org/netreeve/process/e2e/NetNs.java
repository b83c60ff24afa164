package org.netreeve.process.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own: created with {@code ip netns add nr-<what>-<random>},
 * loopback up, deleted by {@link #close()}. Commands run in it through {@code ip netns exec}
 * (a JVM cannot move itself into a namespace, so anything that must see the namespace's
 * sockets runs as a child process).
 */
final class NetNs implements AutoCloseable {

  private final String name;

  private NetNs(String name) {
    this.name = name;
  }

  /** Fails the test (never skips it) when a tool the test needs is missing. */
  static void require(String tool, String debianPackage) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    fail(tool + " is needed for the end-to-end tests: install the Debian package " + debianPackage);
  }

  static NetNs create(String what) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      fail("end-to-end tests create network namespaces and must run as root");
    }
    require("ip", "iproute2");
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    NetNs ns = new NetNs("nr-" + what + "-" + HexFormat.of().formatHex(random));
    run(List.of("ip", "netns", "add", ns.name));
    try {
      ns.exec("ip", "link", "set", "lo", "up");
    } catch (IOException | InterruptedException | AssertionError e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  String name() {
    return name;
  }

  /** A process builder for a command inside the namespace. */
  ProcessBuilder builder(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(command));
    return new ProcessBuilder(full);
  }

  /** Runs a command inside the namespace and fails the test when it fails. */
  String exec(String... command) throws IOException, InterruptedException {
    return run(builder(command).command());
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = process.waitFor(30, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 30 s: " + output);
    }
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
    }
    return output;
  }

  /** Deletes the namespace; processes still inside keep it alive only until they exit. */
  @Override
  public void close() throws IOException, InterruptedException {
    run(List.of("ip", "netns", "delete", name));
  }
}
