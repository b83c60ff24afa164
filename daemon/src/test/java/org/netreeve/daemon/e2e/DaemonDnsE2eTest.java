package org.netreeve.daemon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netreeve.interception.e2e.ChildProcess;
import org.netreeve.interception.e2e.NetNs;
import org.netreeve.interception.iptables.CommandRunner;

/**
 * Netreeve as the host's DNS: dig and curl in the firewalled namespace use Netreeve's nameserver,
 * which resolves through unbound (the "internet" resolver at 9.9.9.9 in the other namespace);
 * queries are attributed and decided, answers filtered, DNS sent elsewhere is rerouted, and the
 * connections that follow carry their domain.
 */
@Tag("e2e")
class DaemonDnsE2eTest {

  static final String RESOLVER = "9.9.9.9";
  static Testbed bed;
  static ChildProcess unbound;
  static ChildProcess servers;

  @BeforeAll
  static void start() throws Exception {
    NetNs.requireTools("unbound", "unbound-control", "dig");
    bed = new Testbed("n", "default-action: permit\n", List.of(
        new String[] {"curl", "name: curl\npaths: [/usr/bin/curl]\nflags: [Internet, LocalNet]\n"},
        new String[] {"dig", "name: dig\npaths: [/usr/bin/dig]\nflags: [Internet, LocalNet]\n"
            + "endpoints: |\n  - *.tracker.example\n"}),
        "dns:\n  listen: [127.0.0.1:53]\n  upstreams: [dns://" + RESOLVER + "]\n  local-upstreams: []\n");
    bed.net.execOk("ip", "addr", "add", RESOLVER + "/32", "dev", "lo");
    Path conf = bed.dir.resolve("unbound.conf");
    String d = bed.dir.toString();
    Files.writeString(conf, "server:\n  interface: " + RESOLVER + "@53\n  do-daemonize: no\n  chroot: \"\"\n"
        + "  username: \"\"\n  directory: \"" + d + "\"\n  pidfile: \"" + d + "/unbound.pid\"\n  use-syslog: no\n"
        + "  logfile: \"\"\n  access-control: 0.0.0.0/0 allow\n  module-config: \"iterator\"\n  do-ip6: no\n"
        + "  local-zone: \".\" static\n"
        + "  local-data: \"www.example.com. 300 IN A " + Testbed.INTERNET_V4 + "\"\n"
        + "  local-data: \"pixel.tracker.example. 300 IN A " + Testbed.INTERNET_V4 + "\"\n"
        + "  local-data: \"cloak.example.org. 300 IN CNAME pixel.tracker.example.\"\n"
        + "  local-data: \"rebind.example.org. 300 IN A 192.168.1.1\"\n"
        + "  local-data: \"mixed.example.org. 300 IN A " + Testbed.INTERNET_V4 + "\"\n"
        + "  local-data: \"mixed.example.org. 300 IN A 10.0.0.5\"\n"
        + "remote-control:\n  control-enable: yes\n  control-interface: \"" + d + "/unbound.ctl\"\n"
        + "  control-use-cert: no\n");
    unbound = bed.net.start("unbound", "-d", "-c", conf.toString());
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!bed.net.exec("unbound-control", "-c", conf.toString(), "status").ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("unbound did not start: " + unbound.output());
      }
      Thread.sleep(100);
    }
    Path serversPy = bed.dir.resolve("servers.py");
    try (var in = DaemonDnsE2eTest.class.getResourceAsStream("servers.py")) {
      Files.write(serversPy, in.readAllBytes());
    }
    servers = bed.net.start("python3", serversPy.toString(), Testbed.INTERNET_V4, Testbed.INTERNET_V6);
    servers.awaitLine(l -> l.equals("READY"), Duration.ofSeconds(20));
    bed.resolvConf("nameserver 127.0.0.1\n");
    bed.startDaemon();
  }

  @AfterAll
  static void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  private static String dig(String... args) {
    String[] cmd = new String[args.length + 4];
    cmd[0] = "dig";
    cmd[1] = "+tries=1";
    cmd[2] = "+time=3";
    cmd[3] = "+nocookie";
    System.arraycopy(args, 0, cmd, 4, args.length);
    CommandRunner.Result r = bed.host.exec(cmd);
    return r.stdout() + r.stderr();
  }

  @Test
  void digThroughNetreeveIsAttributedAndDecided() throws Exception {
    int skip = bed.auditCount();
    String out = dig("@127.0.0.1", "www.example.com", "A");
    assertTrue(out.contains("status: NOERROR") && out.contains(Testbed.INTERNET_V4), out);
    JsonNode before = bed.awaitAudit(skip, n -> n.get("stage").asText().equals("before-intel")
        && n.at("/connection/domain").asText().equals("www.example.com"), "for dig's query");
    assertEquals("dig", before.at("/profile/id").asText());
    assertEquals("A", before.at("/connection/query_type").asText());
    JsonNode after = bed.awaitAudit(skip, n -> n.get("stage").asText().equals("after-intel")
        && n.at("/connection/remote_ip").asText().equals(Testbed.INTERNET_V4), "for the answer's address");
    assertEquals("dig", after.at("/profile/id").asText());
  }

  @Test
  void aConnectionByNameCarriesItsDomain() throws Exception {
    int skip = bed.auditCount();
    CommandRunner.Result r = bed.host.exec("curl", "-sS", "--max-time", "5", "http://www.example.com/");
    assertEquals("hello\n", r.stdout(), r.stderr());
    JsonNode link = bed.awaitAudit(skip, n -> n.get("mark").asInt() == 1710
        && n.at("/connection/remote_port").asInt() == 80 && n.at("/profile/id").asText().equals("curl"),
        "for curl's connection");
    assertEquals("www.example.com", link.at("/connection/domain").asText());
    assertTrue(link.at("/connection/dns_resolved").asBoolean());
  }

  @Test
  void aBlockedDomainGetsTheConfiguredAnswerAndNeverReachesTheResolver() throws Exception {
    int skip = bed.auditCount();
    String out = dig("@127.0.0.1", "pixel.tracker.example", "A");
    assertTrue(out.contains("status: NXDOMAIN"), out);
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/connection/domain").asText().equals("pixel.tracker.example"),
        "for the blocked query");
    assertEquals("before-intel", a.get("stage").asText());
    assertEquals("Block", a.get("verdict").asText());
    assertEquals("profile.endpoint-deny", a.at("/rule/name").asText());
  }

  @Test
  void aBlockedNameBehindACnameIsBlocked() throws Exception {
    String out = dig("+short", "@127.0.0.1", "cloak.example.org", "A");
    assertFalse(out.contains(Testbed.INTERNET_V4), "the tracker's address must not be served: " + out);
  }

  @Test
  void aRebindingAnswerIsStripped() throws Exception {
    int skip = bed.auditCount();
    String out = dig("+short", "@127.0.0.1", "rebind.example.org", "A");
    assertFalse(out.contains("192.168.1.1"), out);
    JsonNode a = bed.awaitAudit(skip, n -> n.at("/rule/name").asText().equals("protect.rebinding-internet-resolver"),
        "for the rebinding answer");
    assertEquals("192.168.1.1", a.at("/connection/remote_ip").asText());
    String mixed = dig("+short", "@127.0.0.1", "mixed.example.org", "A");
    assertTrue(mixed.contains(Testbed.INTERNET_V4) && !mixed.contains("10.0.0.5"),
        "only the LAN address is removed: " + mixed);
  }

  @Test
  void dnsSentToAnotherServerIsReroutedAndDecided() throws Exception {
    int skip = bed.auditCount();
    String out = dig("@8.8.8.8", "www.example.com", "A");
    assertTrue(out.contains("status: NOERROR") && out.contains(Testbed.INTERNET_V4), out);
    JsonNode reroute = bed.awaitAudit(skip, n -> n.get("verdict").asText().equals("RerouteToNameserver"),
        "for the astray query");
    assertEquals("8.8.8.8", reroute.at("/connection/remote_ip").asText());
    assertEquals("dig", reroute.at("/profile/id").asText());
    JsonNode before = bed.awaitAudit(skip, n -> n.get("stage").asText().equals("before-intel")
        && n.at("/profile/id").asText().equals("dig"), "for the rerouted query at the nameserver");
    assertEquals("www.example.com", before.at("/connection/domain").asText());
    String tcp = dig("+tcp", "@8.8.8.8", "www.example.com", "A");
    assertTrue(tcp.contains(Testbed.INTERNET_V4), "DNS over TCP is rerouted too: " + tcp);
  }

  @Test
  void theCliQueriesShowsAndFlushesTheCache() throws Exception {
    CommandRunner.Result q = bed.netreeve("dns", "query", "www.example.com", "--config", bed.config.toString());
    assertTrue(q.ok() && q.stdout().contains(Testbed.INTERNET_V4), q.stdout() + q.stderr());
    CommandRunner.Result cache = bed.netreeve("dns", "cache", "--config", bed.config.toString());
    assertTrue(cache.ok() && cache.stdout().contains("\"entries\""), cache.stdout() + cache.stderr());
    CommandRunner.Result flush = bed.netreeve("dns", "flush", "--config", bed.config.toString());
    assertTrue(flush.ok(), flush.stdout() + flush.stderr());
    JsonNode status = bed.status();
    assertEquals(0, status.at("/dns/cache/entries").asInt(), status.toString());
  }
}
