package org.netreeve.daemon.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the demo: two throw-away network namespaces ("host", where Netreeve runs, and "world"),
 * the daemon with the example policy, and a series of real programs whose connections show the
 * verdicts; prints each step with the audit records it produced, and removes everything at the
 * end, also on Ctrl-C.
 *
 * <p>Nothing is changed outside the two namespaces except a resolv.conf for the host namespace in
 * /etc/netns/ (which {@code ip netns exec} mounts over /etc/resolv.conf inside it), removed again.
 */
public final class Demo implements AutoCloseable {

  static final String HOST_IP = "10.99.0.2";
  static final String WORLD_IP = "10.99.0.1";
  static final String INTERNET = "93.184.216.34";
  static final String BARE = "93.184.216.99";
  static final String RESOLVER = "9.9.9.9";
  static final String FOREIGN_RESOLVER = "8.8.8.8";

  private final Path policy;
  private final PrintStream out;
  private final String java;
  private final String classPath;
  private final String host;
  private final String world;
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private Process daemon;
  private long auditOffset;
  private boolean closed;

  public Demo(Path policy, PrintStream out) throws IOException {
    this.policy = policy.toAbsolutePath().normalize();
    this.out = out;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    this.classPath = System.getProperty("java.class.path");
    String id = Integer.toHexString(new SecureRandom().nextInt(0x10000));
    this.host = "nr-demo-host-" + id;
    this.world = "nr-demo-world-" + id;
    this.dir = Files.createTempDirectory("netreeve-demo");
  }

  /** Runs the whole demo; returns 0 when every step behaved as the example policy says. */
  public int run() throws Exception {
    out.println("Netreeve demo: the firewall in throw-away network namespaces, with the example policy");
    out.println("  policy: " + policy);
    setUp();
    int failures = 0;
    failures += step("1. curl fetches http://www.example.com/ - the domain is resolved through Netreeve's "
        + "nameserver, then the connection is allowed by curl's endpoint list (+ .example.com)",
        true, "curl", "-sS", "--max-time", "5", "http://www.example.com/");
    failures += step("2. curl asks for a tracker - blocked at DNS (before-intel) by curl's endpoint rule "
        + "'- *.tracker.example'", false, "curl", "-sS", "--max-time", "5", "http://pixel.tracker.example/");
    failures += step("3. python connects to the internet - refused at once: the Python profile lacks the "
        + "Internet flag", false, "python3", "-c", "import socket\ns=socket.create_connection(('" + INTERNET
            + "', 80), timeout=5)\nprint('connected')");
    failures += step("4. netcat connects to a LAN host - dropped silently (netcat's default action is drop), "
        + "so it times out", false, "nc", "-z", "-w", "3", WORLD_IP, "9000");
    failures += step("5. curl tries telnet - blocked by the administrator's rule file (tier user, above curl's "
        + "profile)", false, "curl", "-sS", "--max-time", "5", "telnet://www.example.com:23");
    failures += step("6. a program asks another DNS server (" + FOREIGN_RESOLVER + ") - the query is rerouted "
        + "to Netreeve's nameserver (astray DNS) and answered there", true, "python3", "-c", dnsQueryScript());
    failures += step("7. DNS rebinding: a public resolver answers evil-rebind.example with a LAN address - the "
        + "address is removed from the answer", false, "curl", "-sS", "--max-time", "5",
        "http://evil-rebind.example/");
    out.println();
    out.println("8. security level Secure: connecting to a bare address (no DNS lookup) is now a blocked direct "
        + "connect");
    netreeve("level", "secure");
    failures += step(null, false, "curl", "-sS", "--max-time", "5", "http://" + BARE + "/");
    netreeve("level", "dynamic");
    failures += step("9. back at Dynamic, the same connection is allowed", true, "curl", "-sS", "--max-time", "5",
        "http://" + BARE + "/");
    out.println();
    out.println("Status of the daemon:");
    out.print(indent(netreeve("status")));
    out.println();
    out.println(failures == 0 ? "Every step behaved as the example policy says."
        : failures + " step(s) did not behave as expected (see above).");
    out.println("The audit log of this run: " + dir.resolve("audit.jsonl") + " (removed at exit)");
    return failures == 0 ? 0 : 1;
  }

  private static String dnsQueryScript() {
    // A plain DNS query for www.example.com (type A) over UDP, and the first answer's address.
    return "import socket,struct\n"
        + "q=struct.pack('>HHHHHH',0x1234,0x0100,1,0,0,0)+b''.join(bytes([len(p)])+p.encode() for p in "
        + "'www.example.com'.split('.'))+b'\\x00'+struct.pack('>HH',1,1)\n"
        + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(5)\n"
        + "s.sendto(q,('" + FOREIGN_RESOLVER + "',53)); r,_=s.recvfrom(512)\n"
        + "print('answer from " + FOREIGN_RESOLVER + ":', '.'.join(str(b) for b in r[-4:]))";
  }

  private void setUp() throws Exception {
    out.println("Setting up namespaces " + host + " (the firewall's host) and " + world + " (the world) ...");
    sh("ip", "netns", "add", host);
    sh("ip", "netns", "add", world);
    sh("ip", "-n", host, "link", "set", "lo", "up");
    sh("ip", "-n", world, "link", "set", "lo", "up");
    sh("ip", "-n", host, "link", "add", "nrdemo0", "type", "veth", "peer", "name", "nrdemo1", "netns", world);
    sh("ip", "-n", host, "addr", "add", HOST_IP + "/24", "dev", "nrdemo0");
    sh("ip", "-n", world, "addr", "add", WORLD_IP + "/24", "dev", "nrdemo1");
    sh("ip", "-n", host, "link", "set", "nrdemo0", "up");
    sh("ip", "-n", world, "link", "set", "nrdemo1", "up");
    sh("ip", "-n", world, "addr", "add", INTERNET + "/32", "dev", "lo");
    sh("ip", "-n", world, "addr", "add", BARE + "/32", "dev", "lo");
    sh("ip", "-n", world, "addr", "add", RESOLVER + "/32", "dev", "lo");
    sh("ip", "-n", host, "route", "add", "default", "via", WORLD_IP);
    Path netns = Path.of("/etc/netns", host);
    Files.createDirectories(netns);
    Files.writeString(netns.resolve("resolv.conf"), "nameserver 127.0.0.1\n");

    Process w = start(world, "world.log", java, "-cp", classPath, "-XX:TieredStopAtLevel=1",
        DemoWorld.class.getName(), RESOLVER, INTERNET, WORLD_IP);
    awaitLine(dir.resolve("world.log"), "READY", Duration.ofSeconds(30), w);
    out.println("  the world: web server " + INTERNET + ":80, DNS resolver " + RESOLVER + ":53");

    Files.writeString(dir.resolve("netreeve.yaml"), String.join("\n",
        "policy: " + policy,
        "audit-log: " + dir.resolve("audit.jsonl"),
        "state-dir: " + dir.resolve("state"),
        "api: 127.0.0.1:817",
        "network: { detect-change: false }",
        "dns:",
        "  listen: [127.0.0.1:53]",
        "  upstreams: [dns://" + RESOLVER + "]",
        "  local-upstreams: []",
        ""));
    out.println("Starting `netreeve run` in " + host + " ...");
    daemon = start(host, "daemon.log", java, "-XX:+UseParallelGC", "-cp", classPath,
        "org.netreeve.daemon.Main", "run", "--config", dir.resolve("netreeve.yaml").toString());
    awaitLine(dir.resolve("daemon.log"), "netreeve running", Duration.ofSeconds(90), daemon);
    out.println("  " + lastLine(dir.resolve("daemon.log"), "netreeve running").replaceAll("^\\[.*?\\] INFO \\S+ - ", ""));
  }

  /** Runs one program in the host namespace, prints what it did and the audit records it caused. */
  private int step(String title, boolean expectSuccess, String... command) throws Exception {
    if (title != null) {
      out.println();
      out.println(title);
    }
    out.println("  $ " + String.join(" ", quoted(command)));
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host));
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    boolean ok = p.exitValue() == 0;
    out.println("  " + (output.isEmpty() ? "(no output)" : output.replace("\n", "\n  ")));
    out.printf("  -> %s after %d ms%n", ok ? "succeeded" : "failed (exit " + p.exitValue() + ")", ms);
    Thread.sleep(400);
    printAudit();
    if (ok != expectSuccess) {
      out.println("  !! expected the program to " + (expectSuccess ? "succeed" : "fail"));
      return 1;
    }
    return 0;
  }

  private void printAudit() throws IOException {
    Path audit = dir.resolve("audit.jsonl");
    if (!Files.exists(audit)) {
      return;
    }
    byte[] all = Files.readAllBytes(audit);
    String fresh = new String(all, (int) auditOffset, all.length - (int) auditOffset, StandardCharsets.UTF_8);
    auditOffset = all.length;
    for (String line : fresh.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode r = json.readTree(line);
      String exe = r.at("/process/exe").asText();
      if (exe.endsWith("/java") && r.at("/connection/remote_port").asInt() == 817) {
        continue; // the demo's own `netreeve level` calls to the API
      }
      JsonNode c = r.get("connection");
      String what = (c.hasNonNull("domain") ? c.get("domain").asText() : "")
          + (c.hasNonNull("remote_ip") ? (c.hasNonNull("domain") ? " " : "") + c.get("remote_ip").asText() : "")
          + (c.path("remote_port").asInt() != 0 ? ":" + c.get("remote_port").asInt() : "");
      out.printf("    audit: %-13s %-20s %-26s %-18s %s%n         %s%n", r.get("stage").asText(),
          r.get("verdict").asText(), r.at("/rule/name").asText() + (r.at("/rule/line").asInt() > 0
              ? " (" + Path.of(r.at("/rule/file").asText()).getFileName() + ":" + r.at("/rule/line").asInt() + ")" : ""),
          r.at("/profile/name").asText(), what, r.get("reason").asText());
    }
  }

  private String netreeve(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", host, java, "-XX:TieredStopAtLevel=1", "-cp",
        classPath, "org.netreeve.daemon.Main"));
    cmd.addAll(List.of(args));
    cmd.add("--config");
    cmd.add(dir.resolve("netreeve.yaml").toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    auditOffset = Files.exists(dir.resolve("audit.jsonl")) ? Files.size(dir.resolve("audit.jsonl")) : 0;
    return text;
  }

  private Process start(String ns, String log, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    processes.add(p);
    return p;
  }

  private static void awaitLine(Path file, String text, Duration timeout, Process p) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readString(file).contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        throw new IOException("exited before it was ready:\n" + (Files.exists(file) ? Files.readString(file) : ""));
      }
      Thread.sleep(100);
    }
    throw new IOException("not ready after " + timeout.toSeconds() + " s:\n" + Files.readString(file));
  }

  private static String lastLine(Path file, String text) throws IOException {
    String found = "";
    for (String l : Files.readAllLines(file)) {
      if (l.contains(text)) {
        found = l;
      }
    }
    return found;
  }

  private static void sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + text.trim());
    }
  }

  private static List<String> quoted(String[] command) {
    List<String> q = new ArrayList<>();
    for (String c : command) {
      q.add(c.contains(" ") || c.contains("\n") ? "'" + c.replace("\n", "; ") + "'" : c);
    }
    return q;
  }

  private static String indent(String s) {
    return "  " + s.trim().replace("\n", "\n  ") + "\n";
  }

  /** Stops the daemon (it removes its rules), the world, and deletes the namespaces and files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (daemon != null && daemon.isAlive()) {
      daemon.destroy();
      try {
        daemon.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Process p : processes) {
      p.destroyForcibly();
    }
    for (String ns : List.of(host, world)) {
      try {
        Process pids = new ProcessBuilder("ip", "netns", "pids", ns).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(pids.getInputStream(), StandardCharsets.UTF_8))) {
          for (String pid = r.readLine(); pid != null; pid = r.readLine()) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        pids.waitFor(5, TimeUnit.SECONDS);
        new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException | NumberFormatException e) {
        System.err.println("cleanup of " + ns + ": " + e);
      }
    }
    try {
      Path netns = Path.of("/etc/netns", host);
      Files.deleteIfExists(netns.resolve("resolv.conf"));
      Files.deleteIfExists(netns);
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (IOException e) {
      System.err.println("cleanup: " + e);
    }
    out.println("Removed the namespaces " + host.toLowerCase(Locale.ROOT) + " and " + world + "; nothing is left behind.");
  }
}
