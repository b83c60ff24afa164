package org.netreeve.daemon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.netreeve.interception.e2e.ChildProcess;
import org.netreeve.interception.iptables.CommandRunner;

/**
 * The daemon as users run it: real programs (curl, python, nc) make real connections from a
 * network namespace; the daemon intercepts them over nfqueue, attributes them, decides them with
 * a policy, and the kernel enforces the marks.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonE2eTest {

  static Testbed bed;
  static ChildProcess servers;
  static String iptablesBefore;
  static Path serviceScript;
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    bed = new Testbed("d", "default-action: permit\n", List.of(
        new String[] {"curl", "name: curl\npaths: [/usr/bin/curl]\nflags: [Internet, LocalNet]\n"},
        new String[] {"nc", "name: netcat\npaths: [/usr/bin/nc.openbsd, /bin/nc.openbsd]\nflags: [Internet, LocalNet]\n"
            + "default-action: drop\nendpoints: |\n  + * TCP/80\n  + * UDP/5000\n"},
        new String[] {"python", "name: Python\npaths: [" + python() + "]\nflags: [LocalNet]\nframework:\n"
            + "  find: '(?:^|\\s)\\S*python[0-9.]*\\s+(/\\S+\\.py)'\n  build: $1\n"},
        new String[] {"service", "name: Test service\npaths: [SCRIPT]\nflags: [Service, LocalNet]\nlisten-ports: [8080]\n"}),
        "dns: { enabled: false }\n");
    serviceScript = bed.dir.resolve("service.py");
    Files.writeString(serviceScript, "import http.server\nhttp.server.ThreadingHTTPServer(('0.0.0.0', 8080), "
        + "http.server.SimpleHTTPRequestHandler).serve_forever()\n");
    Path profile = bed.dir.resolve("policy/profiles/service.yaml");
    Files.writeString(profile, Files.readString(profile).replace("SCRIPT", serviceScript.toString()));
    Path serversPy = bed.dir.resolve("servers.py");
    try (InputStream in = DaemonE2eTest.class.getResourceAsStream("servers.py")) {
      Files.write(serversPy, in.readAllBytes());
    }
    servers = bed.net.start("python3", serversPy.toString(), Testbed.INTERNET_V4, Testbed.INTERNET_V6);
    servers.awaitLine(l -> l.equals("READY"), Duration.ofSeconds(20));
    iptablesBefore = bed.iptablesSave();
    bed.startDaemon();
  }

  static String python() {
    try {
      return Path.of(new ProcessBuilder("python3", "-c", "import sys,os;print(os.path.realpath(sys.executable))")
          .start().inputReader().readLine()).toString();
    } catch (Exception e) {
      return "/usr/bin/python3";
    }
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  @Order(1)
  void allowedProgramExchangesData() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.exec("curl", "-sS", "--max-time", "5", "http://" + Testbed.INTERNET_V4 + "/");
    assertTrue(r.ok(), r.stderr());
    assertEquals("hello\n", r.stdout());
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/remote_port").asInt() == 80
        && n.at("/process/exe").asText().endsWith("curl"), "for curl's connection");
    assertEquals("PermanentAccept", a.get("verdict").asText());
    assertEquals("curl", a.at("/profile/id").asText());
    assertEquals("outbound", a.at("/connection/direction").asText());
    assertEquals("internet", a.at("/connection/scope").asText());
  }

  @Test
  @Order(2)
  void blockedProgramIsRefusedAtOnceAndTheAuditNamesTheRule() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.exec("python3", "-c", "import socket,sys\ns=socket.socket()\ns.settimeout(10)\n"
        + "try:\n  s.connect(('" + Testbed.INTERNET_V4 + "', 80)); print('connected')\n"
        + "except socket.timeout: print('timed out')\n"
        + "except OSError as e: print('errno', e.errno)");
    // EHOSTUNREACH is the kernel's answer to the ICMP "prohibited" a block sends: refused at once,
    // where a drop would have left the program to its timeout.
    assertEquals("errno 113", r.stdout().trim(), "refused with EHOSTUNREACH (ICMP host prohibited)");
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/profile/id").asText().equals("python"), "for python");
    assertEquals("PermanentBlock", a.get("verdict").asText());
    assertEquals("flags.internet", a.at("/rule/name").asText());
    assertTrue(a.at("/rule/file").asText().endsWith("flags.drl"));
    assertTrue(a.at("/rule/line").asInt() > 0);
  }

  @Test
  @Order(3)
  void droppedProgramTimesOut() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.exec("nc.openbsd", "-v", "-z", "-w", "3", Testbed.INTERNET_V4, "8443");
    assertFalse(r.ok(), "nc must not connect");
    assertTrue(r.stderr().contains("timed out"), "a drop is silent: nc is left to its timeout: " + r.stderr());
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/remote_port").asInt() == 8443, "for nc");
    assertEquals("PermanentDrop", a.get("verdict").asText());
    assertEquals("default.profile", a.at("/rule/name").asText());
  }

  @Test
  @Order(4)
  void onlyTheFirstPacketOfAPermanentlyAcceptedConnectionReachesUserSpace() throws Exception {
    long before = queued(bed.status());
    CommandRunner.Result r = bed.host.exec("curl", "-sS", "--max-time", "10", "-o", "/dev/null", "-w",
        "%{size_download}", "http://" + Testbed.INTERNET_V4 + "/big");
    assertEquals("1048576", r.stdout().trim(), r.stderr());
    long after = queued(bed.status());
    // after - before counts the download's connection and the second status request's own one.
    long download = after - before - 1;
    assertTrue(download >= 1 && download <= 2,
        "a 1 MiB download (hundreds of packets) put " + download + " packets into user space");
  }

  private static long queued(JsonNode status) {
    long n = 0;
    for (JsonNode q : status.path("queues")) {
      n += q.path("stats").path("received").asLong();
    }
    return n;
  }

  @Test
  @Order(5)
  void ipv6ConnectionsAreDecidedToo() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.exec("curl", "-sS", "-6", "--max-time", "5",
        "http://[" + Testbed.INTERNET_V6 + "]/");
    assertEquals("hello\n", r.stdout(), r.stderr());
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/remote_ip").asText().equals(Testbed.INTERNET_V6),
        "for the IPv6 connection");
    assertEquals("curl", a.at("/profile/id").asText());
    assertEquals("PermanentAccept", a.get("verdict").asText());
    int skip2 = bed.auditCount();
    CommandRunner.Result blocked = bed.host.exec("python3", "-c", "import socket\ns=socket.socket(socket.AF_INET6)\n"
        + "s.settimeout(10)\ntry:\n  s.connect(('" + Testbed.INTERNET_V6 + "', 80)); print('connected')\n"
        + "except OSError as e: print('errno', e.errno)");
    assertEquals("errno 13", blocked.stdout().trim(), "IPv6 block: EACCES (ICMPv6 administratively prohibited)");
    bed.awaitAudit(skip2, n -> n.at("/rule/name").asText().equals("flags.internet")
        && n.at("/connection/remote_ip").asText().equals(Testbed.INTERNET_V6), "for python over IPv6");
  }

  @Test
  @Order(6)
  void udpIsDecided() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.execWithInput("ping\n", "nc.openbsd", "-u", "-w", "2", Testbed.INTERNET_V4,
        "5000");
    assertEquals("ping", r.stdout().trim(), r.stderr());
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/protocol").asText().equals("UDP")
        && n.at("/connection/remote_port").asInt() == 5000, "for the UDP exchange");
    assertEquals("profile.endpoint-permit", a.at("/rule/name").asText());
    assertEquals("nc", a.at("/profile/id").asText());
  }

  @Test
  @Order(6)
  void theApiShowsWhatProgramsDidOnlyToTheTokenHolder() throws Exception {
    CommandRunner.Result open = bed.host.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "http://127.0.0.1:8817/api/audit");
    assertEquals("401", open.stdout(), "audit records (command lines of every user) need the token");
    String token = Files.readString(bed.dir.resolve("state/api.token")).trim();
    CommandRunner.Result withToken = bed.host.exec("curl", "-s", "-H", "Authorization: Bearer " + token,
        "http://127.0.0.1:8817/api/audit?limit=5");
    assertTrue(withToken.stdout().startsWith("[{\"time\""), withToken.stdout());
    CommandRunner.Result bad = bed.host.exec("curl", "-s", "-w", " %{http_code}", "-H",
        "Authorization: Bearer " + token, "http://127.0.0.1:8817/api/audit?limit=lots");
    assertTrue(bad.stdout().endsWith(" 400") && bad.stdout().contains("limit"), bad.stdout());
    assertEquals("200", bed.host.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "http://127.0.0.1:8817/api/status").stdout(), "the status stays open");
  }

  @Test
  @Order(7)
  void inboundConnectionsToAListeningServiceAreDecided() throws Exception {
    ChildProcess service = bed.host.start("python3", serviceScript.toString());
    ChildProcess plain = bed.host.start("nc.openbsd", "-l", "-k", "9090");
    try {
      waitListening(8080);
      waitListening(9090);
      int skip = bed.auditCount();
      CommandRunner.Result r = bed.net.exec("curl", "-sS", "--max-time", "5", "-o", "/dev/null", "-w",
          "%{http_code}", "http://" + Testbed.HOST_V4 + ":8080/");
      assertEquals("200", r.stdout().trim(), r.stderr());
      JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/direction").asText().equals("inbound")
          && n.at("/connection/local_port").asInt() == 8080, "for the inbound connection");
      assertEquals("service", a.at("/profile/id").asText());
      assertEquals("framework-rewrite", a.at("/profile/match").asText());
      assertEquals("PermanentAccept", a.get("verdict").asText());

      int skip2 = bed.auditCount();
      CommandRunner.Result refused = bed.net.exec("python3", "-c", "import socket\ns=socket.socket()\n"
          + "s.settimeout(5)\ntry:\n  s.connect(('" + Testbed.HOST_V4 + "', 9090)); print('connected')\n"
          + "except socket.timeout: print('timed out')\nexcept OSError as e: print('errno', e.errno)");
      assertEquals("errno 113", refused.stdout().trim(),
          "netcat has no Service flag: inbound is refused at once (ICMP prohibited), not left to time out");
      JsonNode b = bed.awaitAudit(skip2, n -> n.at("/connection/local_port").asInt() == 9090, "for port 9090");
      assertEquals("flags.service", b.at("/rule/name").asText());
    } finally {
      service.kill();
      plain.kill();
    }
  }

  private static void waitListening(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (bed.host.exec("sh", "-c", "ss -ltn | grep -q ':" + port + " '").ok()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing listens on " + port);
  }

  @Test
  @Order(8)
  void aLevelChangeDecidesOpenConnectionsAgain() throws Exception {
    ChildProcess download = bed.host.start("curl", "-sS", "--max-time", "20", "-o", "/dev/null", "-w",
        "%{size_download}", "http://" + Testbed.INTERNET_V4 + "/slow");
    Thread.sleep(1500);
    int skip = bed.auditCount();
    CommandRunner.Result secure = bed.netreeve("level", "secure", "--config", bed.config.toString());
    assertTrue(secure.ok(), secure.stderr() + secure.stdout());
    try {
      // At Secure the download is a direct connect (no DNS lookup): it must be cut, not finish,
      // and not run into curl's own time limit (exit 28).
      int exit = download.waitFor(Duration.ofSeconds(15));
      assertTrue(exit != 0 && exit != 28, "the open connection must be cut, curl exited " + exit);
      JsonNode a = bed.awaitAudit(skip, n -> n.at("/rule/name").asText().equals("protect.direct-connect"),
          "for the re-decided connection");
      assertEquals("PermanentBlock", a.get("verdict").asText());
      assertEquals("secure", a.get("level").asText());
    } finally {
      CommandRunner.Result dynamic = bed.netreeve("level", "dynamic", "--config", bed.config.toString());
      assertTrue(dynamic.ok(), dynamic.stderr() + dynamic.stdout());
    }
  }

  @Test
  @Order(9)
  void theHistoryKeepsTheBlockedConnectionsOfTheEarlierTests() throws Exception {
    String config = bed.config.toString();
    List<JsonNode> rows = new ArrayList<>();
    // The history is written by its own thread, shortly after the audit log: allow it a moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      CommandRunner.Result r = bed.netreeve("history", "--verdict", "block", "--json", "--config", config);
      assertTrue(r.ok(), r.stderr() + r.stdout());
      rows.clear();
      for (String line : r.stdout().split("\n")) {
        if (!line.isBlank()) {
          rows.add(json.readTree(line));
        }
      }
      if (hasRow(rows, "flags.internet", Testbed.INTERNET_V6) || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(300);
    }
    assertTrue(hasRow(rows, "flags.internet", Testbed.INTERNET_V4), "python's IPv4 block: " + rows);
    assertTrue(hasRow(rows, "flags.internet", Testbed.INTERNET_V6), "python's IPv6 block: " + rows);
    assertTrue(hasRow(rows, "protect.direct-connect", Testbed.INTERNET_V4), "the cut download: " + rows);
    assertTrue(rows.stream().anyMatch(n -> n.at("/rule/name").asText().equals("flags.service")
        && n.at("/connection/local_port").asInt() == 9090), "the refused inbound connection: " + rows);
    JsonNode python = rows.stream().filter(n -> n.at("/rule/name").asText().equals("flags.internet")).findFirst()
        .orElseThrow();
    assertEquals("python", python.at("/profile/id").asText());
    assertEquals("PermanentBlock", python.get("verdict").asText());
    assertTrue(python.at("/rule/file").asText().endsWith("flags.drl"), python.toString());
    for (int i = 0; i < rows.size(); i++) {
      assertTrue(rows.get(i).get("verdict").asText().endsWith("Block"), "only the block family: " + rows.get(i));
      if (i > 0) {
        assertFalse(Instant.parse(rows.get(i - 1).get("time").asText())
            .isBefore(Instant.parse(rows.get(i).get("time").asText())), "newest first: " + rows);
      }
    }

    CommandRunner.Result summary = bed.netreeve("history", "--summary", "--json", "--config", config);
    assertTrue(summary.ok(), summary.stderr() + summary.stdout());
    JsonNode s = json.readTree(summary.stdout());
    assertTrue(s.path("verdicts").path("PermanentBlock").asLong() >= 4, s.toString());
    assertTrue(s.path("verdicts").path("PermanentDrop").asLong() >= 1, "netcat's drop: " + s);
    assertTrue(s.path("blocked_remote_ips").toString().contains(Testbed.INTERNET_V4), s.toString());

    CommandRunner.Result bad = bed.netreeve("history", "--verdict", "blocked", "--config", config);
    assertFalse(bad.ok(), "an unknown verdict is an error");
    assertTrue(bad.stderr().contains("parameter verdict"), bad.stderr());
  }

  private static boolean hasRow(List<JsonNode> rows, String rule, String remoteIp) {
    return rows.stream().anyMatch(n -> n.at("/rule/name").asText().equals(rule)
        && n.at("/connection/remote_ip").asText().equals(remoteIp));
  }

  @Test
  @Order(10)
  void aKilledDaemonFailsClosedUntilTheRulesAreRemovedAndARestartTakesOver() throws Exception {
    bed.host.execOk("kill", "-KILL", Long.toString(bed.daemon.pid()));
    bed.daemon.waitFor(Duration.ofSeconds(10));
    CommandRunner.Result dead = bed.host.exec("curl", "-sS", "--max-time", "3", "http://" + Testbed.INTERNET_V4 + "/");
    assertFalse(dead.ok(), "with the rules installed and no daemon nothing may pass");
    CommandRunner.Result lan = bed.host.exec("curl", "-sS", "--max-time", "3", "http://" + Testbed.NET_V4 + "/");
    assertFalse(lan.ok(), "not even to the LAN");

    CommandRunner.Result un = bed.netreeve("uninstall-rules");
    assertTrue(un.ok(), un.stderr() + un.stdout());
    CommandRunner.Result free = bed.host.exec("curl", "-sS", "--max-time", "5", "http://" + Testbed.INTERNET_V4 + "/");
    assertEquals("hello\n", free.stdout(), "uninstall-rules restores traffic: " + free.stderr());
    assertEquals(iptablesBefore, bed.iptablesSave(), "uninstall-rules removes everything");

    bed.startDaemon();
    int skip = bed.auditCount();
    CommandRunner.Result again = bed.host.exec("curl", "-sS", "--max-time", "5", "http://" + Testbed.INTERNET_V4 + "/");
    assertEquals("hello\n", again.stdout(), again.stderr());
    bed.awaitAudit(skip, n -> n.at("/profile/id").asText().equals("curl"), "after the restart");
  }

  @Test
  @Order(11)
  void aCleanStopLeavesIptablesExactlyAsBefore() throws Exception {
    bed.host.execOk("kill", "-TERM", Long.toString(bed.daemon.pid()));
    assertEquals(0, bed.daemon.waitFor(Duration.ofSeconds(20)), "clean exit");
    assertEquals(iptablesBefore, bed.iptablesSave());
    CommandRunner.Result free = bed.host.exec("curl", "-sS", "--max-time", "5", "http://" + Testbed.INTERNET_V4 + "/");
    assertEquals("hello\n", free.stdout(), free.stderr());
  }
}
