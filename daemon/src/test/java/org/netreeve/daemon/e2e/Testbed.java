package org.netreeve.daemon.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.netreeve.daemon.Main;
import org.netreeve.interception.e2e.ChildProcess;
import org.netreeve.interception.e2e.NetNs;
import org.netreeve.interception.iptables.CommandRunner;

/**
 * Two network namespaces joined by a veth pair: {@code host}, where the daemon and the programs
 * under test run, and {@code net}, the rest of the world: an "internet" server at 93.184.216.34
 * and 2a00:1450:4001::10, a LAN at 10.99.0.0/24 (fd99::/64). Nothing outside the namespaces is
 * touched; {@link #close()} deletes them.
 */
final class Testbed implements AutoCloseable {

  static final String INTERNET_V4 = "93.184.216.34";
  static final String INTERNET_V6 = "2a00:1450:4001::10";
  static final String HOST_V4 = "10.99.0.2";
  static final String NET_V4 = "10.99.0.1";

  final NetNs host;
  final NetNs net;
  final Path dir;
  final Path audit;
  final Path config;
  private final ObjectMapper json = new ObjectMapper();
  ChildProcess daemon;

  Testbed(String name, String policyYaml, List<String[]> profiles, String extraConfig) throws IOException {
    NetNs.requireTools("ip", "iptables", "ip6tables", "iptables-restore", "curl", "python3", "nc");
    dir = Files.createTempDirectory("netreeve-e2e-" + name);
    audit = dir.resolve("audit.jsonl");
    NetNs h = null;
    NetNs n = null;
    try {
      h = NetNs.create(name + "h");
      n = NetNs.create(name + "n");
      h.connect(n, List.of(HOST_V4 + "/24", "fd99::2/64"), List.of(NET_V4 + "/24", "fd99::1/64"));
      n.execOk("ip", "addr", "add", INTERNET_V4 + "/32", "dev", "lo");
      n.execOk("ip", "-6", "addr", "add", INTERNET_V6 + "/128", "dev", "lo");
      h.execOk("ip", "route", "add", "default", "via", NET_V4);
      h.execOk("ip", "-6", "route", "add", "default", "via", "fd99::1");
      // A fresh namespace has no tables yet; a real host has them. Create them (empty), so that
      // "before" and "after" compare rules, not the tables' first creation.
      for (String table : List.of("mangle", "nat", "filter")) {
        for (String tool : List.of("iptables", "ip6tables")) {
          h.execOk(tool, "-t", table, "-N", "NRPRIME");
          h.execOk(tool, "-t", table, "-X", "NRPRIME");
        }
      }
    } catch (RuntimeException | Error e) {
      if (h != null) {
        h.close();
      }
      if (n != null) {
        n.close();
      }
      throw e;
    }
    host = h;
    net = n;
    Path policy = Files.createDirectories(dir.resolve("policy/profiles"));
    Files.writeString(dir.resolve("policy/policy.yaml"), policyYaml);
    for (String[] p : profiles) {
      Files.writeString(policy.resolve(p[0] + ".yaml"), p[1]);
    }
    config = dir.resolve("netreeve.yaml");
    Files.writeString(config, "policy: policy\naudit-log: audit.jsonl\nstate-dir: state\napi: 127.0.0.1:8817\n"
        + "network: { detect-change: false }\n" + extraConfig);
  }

  /** Starts the daemon in {@code host} and waits until it runs. */
  ChildProcess startDaemon() {
    daemon = host.startJava(Main.class, "run", "--config", config.toString());
    String line = daemon.awaitLine(l -> l.contains("netreeve running") || l.contains("cannot start"),
        Duration.ofSeconds(90));
    if (line == null || line.contains("cannot start")) {
      fail("the daemon did not start: " + String.join("\n", daemon.output()));
    }
    return daemon;
  }

  /** Runs a netreeve command inside {@code host} (a new JVM) and returns its outcome. */
  CommandRunner.Result netreeve(String... args) {
    List<String> cmd = new ArrayList<>(List.of(NetNs.javaBinary(), "-cp", NetNs.testClassPath(),
        "-XX:TieredStopAtLevel=1", Main.class.getName()));
    cmd.addAll(List.of(args));
    return host.exec(cmd.toArray(String[]::new));
  }

  /** The daemon's status from its API. */
  JsonNode status() throws IOException {
    CommandRunner.Result r = host.exec("curl", "-sS", "--max-time", "5", "http://127.0.0.1:8817/api/status");
    if (!r.ok()) {
      fail("cannot read the daemon's status: " + r.stderr());
    }
    return json.readTree(r.stdout());
  }

  /** All audit records so far. */
  List<JsonNode> auditRecords() {
    List<JsonNode> out = new ArrayList<>();
    try {
      if (!Files.exists(audit)) {
        return out;
      }
      for (String line : Files.readAllLines(audit)) {
        if (!line.isBlank()) {
          out.add(json.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Waits for an audit record that matches, written after {@code skip} records. */
  JsonNode awaitAudit(int skip, Predicate<JsonNode> matcher, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<JsonNode> seen = List.of();
    while (System.nanoTime() < deadline) {
      seen = auditRecords();
      for (int i = skip; i < seen.size(); i++) {
        if (matcher.test(seen.get(i))) {
          return seen.get(i);
        }
      }
      Thread.sleep(100);
    }
    fail("no audit record " + what + "; records after " + skip + ": "
        + seen.subList(Math.min(skip, seen.size()), seen.size()));
    return null;
  }

  int auditCount() {
    return auditRecords().size();
  }

  String iptablesSave() {
    return strip(host.execOk("iptables-save").stdout()) + strip(host.execOk("ip6tables-save").stdout());
  }

  private static String strip(String save) {
    StringBuilder sb = new StringBuilder();
    for (String line : save.split("\n")) {
      if (!line.startsWith("#")) {
        sb.append(line.replaceAll("\\[\\d+:\\d+\\]", "[counters]")).append('\n');
      }
    }
    return sb.toString();
  }

  /** Makes {@code ip netns exec host ...} see this resolv.conf (mounted over /etc/resolv.conf). */
  void resolvConf(String content) throws IOException {
    Path d = Path.of("/etc/netns", host.name());
    Files.createDirectories(d);
    Files.writeString(d.resolve("resolv.conf"), content);
  }

  @Override
  public void close() {
    try {
      Path d = Path.of("/etc/netns", host.name());
      Files.deleteIfExists(d.resolve("resolv.conf"));
      Files.deleteIfExists(d);
    } catch (IOException e) {
      // the namespace goes away anyway
    }
    if (daemon != null && daemon.isAlive()) {
      host.exec("kill", "-TERM", Long.toString(daemon.pid()));
      daemon.waitFor(Duration.ofSeconds(15));
    }
    host.close();
    net.close();
  }
}
