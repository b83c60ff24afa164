package org.netreeve.dns.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Netreeve's nameserver against real servers, all inside a network namespace this test creates and deletes:
 * unbound on 192.0.2.1 as the "internet" (plain DNS on 53, DoT on 853 with a certificate made here), unbound on
 * 10.1.0.1 as the LAN resolver, dnsdist on 192.0.2.3 as a DoH front end to the first unbound, and Netreeve
 * itself in a child JVM listening on 127.0.0.1/[::1] (plain upstream), 127.0.0.2 (DoT), 127.0.0.3 (DoH) and
 * 127.0.0.4 (first upstream dead). Answers come from dig; that an upstream was really used comes from the
 * upstream's own counters or log.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsEndToEndTest {

    private Namespace ns;
    private Path dir;
    private Process nameserver;

    @BeforeAll
    void setUp() throws Exception {
        Namespace.require("ip", "unbound", "unbound-control", "dig", "openssl", "dnsdist", "dnsmasq");
        dir = Files.createTempDirectory("nr-dns-e2e");
        ns = Namespace.create("dns");
        try {
            for (String a : List.of("192.0.2.1/32", "192.0.2.3/32", "192.0.2.99/32", "10.1.0.1/32")) {
                ns.exec("ip", "addr", "add", a, "dev", "lo").check();
            }
            makeCertificates();
            writeUnbound("internet", "192.0.2.1", true, """
                      local-zone: "." static
                      local-zone: "example.test." static
                      local-data: "example.test. 3600 IN SOA ns.example.test. host.example.test. 1 3600 900 86400 60"
                      local-data: "www.example.test. 300 IN A 192.0.2.80"
                      local-data: "www.example.test. 300 IN AAAA 2001:db8::80"
                      local-data: "cached.example.test. 300 IN A 192.0.2.82"
                      local-data: "dot.example.test. 300 IN A 192.0.2.83"
                      local-data: "doh.example.test. 300 IN A 192.0.2.84"
                      local-data: "failover.example.test. 300 IN A 192.0.2.85"
                      local-data: "tcp.example.test. 300 IN A 192.0.2.86"
                      local-data: "rebind.example.test. 300 IN A 192.168.1.10"
                      local-data: "rebind-lo.example.test. 300 IN A 127.0.0.1"
                      local-data: "mixed.example.test. 300 IN A 192.0.2.81"
                      local-data: "mixed.example.test. 300 IN A 10.0.0.5"
                      local-data: "cloak.example.test. 300 IN CNAME tracker.example.test."
                      local-data: "tracker.example.test. 300 IN A 192.0.2.90"
                      local-data: "blocked-nx.example.test. 300 IN A 192.0.2.91"
                      local-data: "blocked-zero.example.test. 300 IN A 192.0.2.92"
                      local-data: "blocked-refused.example.test. 300 IN A 192.0.2.93"
                    """ + bigRecords());
            writeUnbound("lan", "10.1.0.1", false, """
                      local-zone: "local." static
                      local-data: "printer.local. 300 IN A 10.1.0.50"
                      local-data: "evil.local. 300 IN A 127.0.0.1"
                      local-zone: "10.in-addr.arpa." static
                      local-data: "50.0.1.10.in-addr.arpa. 300 IN PTR printer.local."
                    """);
            ns.start(dir.resolve("unbound-internet.out"), "unbound", "-d", "-c", dir.resolve("internet.conf").toString());
            ns.start(dir.resolve("unbound-lan.out"), "unbound", "-d", "-c", dir.resolve("lan.conf").toString());
            Files.writeString(dir.resolve("dnsdist.conf"), """
                    setSecurityPollSuffix("")
                    setLocal("192.0.2.3:5300")
                    setACL({"0.0.0.0/0", "::/0"})
                    addDOHLocal("192.0.2.3:443", "%1$s/server.pem", "%1$s/server.key", "/dns-query")
                    newServer({address="192.0.2.1:53", checkInterval=86400})
                    addAction(AllRule(), LogAction("%1$s/dnsdist-queries.log", false, true, false))
                    """.formatted(dir));
            ns.start(dir.resolve("dnsdist.out"), "dnsdist", "--supervised", "--disable-syslog", "-C",
                    dir.resolve("dnsdist.conf").toString());
            awaitUnbound("internet");
            awaitUnbound("lan");
            await(() -> ns.exec("ss", "-ltn").output().contains("192.0.2.3:443"), "dnsdist DoH listener",
                    dir.resolve("dnsdist.out"));

            String ca = dir.resolve("ca.pem").toString();
            writeProperties("plain", """
                    listen=127.0.0.1:53,[::1]:53
                    upstreams=dns://192.0.2.1
                    local-upstreams=dns://10.1.0.1
                    test.block.nxdomain=blocked-nx.example.test
                    test.block.zero=blocked-zero.example.test
                    test.block.refused=blocked-refused.example.test
                    test.block.chain=tracker.example.test
                    """);
            writeProperties("dot", "listen=127.0.0.2:53\nupstreams=dot://192.0.2.1:853?name=dns.test&ca=" + ca
                    + "\nlocal-upstreams=\n");
            writeProperties("doh", "listen=127.0.0.3:53\nupstreams=doh://dns.test/dns-query?ip=192.0.2.3&ca=" + ca
                    + "\nlocal-upstreams=\n");
            writeProperties("failover", "listen=127.0.0.4:53\nupstreams=dns://192.0.2.99,dns://192.0.2.1\n"
                    + "local-upstreams=\ntimeouts.upstream=1s\n");
            nameserver = startNameserver("plain", "dot", "doh", "failover");
        } catch (Exception | AssertionError e) {
            tearDown();
            throw e;
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (nameserver != null) {
                nameserver.getOutputStream().close();
                if (!nameserver.waitFor(10, TimeUnit.SECONDS)) {
                    nameserver.destroyForcibly();
                }
            }
        } finally {
            try {
                if (ns != null) {
                    ns.close();
                }
            } finally {
                if (dir != null) {
                    try (Stream<Path> s = Files.walk(dir)) {
                        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    @Test
    void digThroughNetreeveGetsTheAnswerOverUdpAndIpv6() throws Exception {
        Dig a = dig("127.0.0.1", "www.example.test", "A");
        assertEquals("NOERROR", a.status);
        assertEquals(List.of("192.0.2.80"), a.answers("A"));
        Dig aaaa = dig("::1", "www.example.test", "AAAA");
        assertEquals(List.of("2001:db8::80"), aaaa.answers("AAAA"));
    }

    @Test
    void tcpQueriesAreAnswered() throws Exception {
        Dig d = dig("127.0.0.1", "tcp.example.test", "A", "+tcp");
        assertEquals(List.of("192.0.2.86"), d.answers("A"));
    }

    @Test
    void blockedQueriesGetTheConfiguredAnswerWithoutAskingUpstream() throws Exception {
        long before = unboundStat("internet", "total.num.queries");
        assertEquals("NXDOMAIN", dig("127.0.0.1", "blocked-nx.example.test", "A").status);
        Dig zero = dig("127.0.0.1", "blocked-zero.example.test", "A");
        assertEquals("NOERROR", zero.status);
        assertEquals(List.of("0.0.0.0"), zero.answers("A"));
        assertEquals(List.of("::"), dig("127.0.0.1", "blocked-zero.example.test", "AAAA").answers("AAAA"));
        assertEquals("REFUSED", dig("127.0.0.1", "blocked-refused.example.test", "A").status);
        assertTrue(dig("127.0.0.1", "blocked-nx.example.test", "A").raw.contains("EDE: 15 (Blocked)"));
        assertEquals(before, unboundStat("internet", "total.num.queries"));
    }

    @Test
    void rebindingAnswersAreStripped() throws Exception {
        Dig lan = dig("127.0.0.1", "rebind.example.test", "A");
        assertEquals("NXDOMAIN", lan.status);
        assertEquals(List.of(), lan.answers("A"));
        assertEquals("NXDOMAIN", dig("127.0.0.1", "rebind-lo.example.test", "A").status);
        Dig mixed = dig("127.0.0.1", "mixed.example.test", "A");
        assertEquals(List.of("192.0.2.81"), mixed.answers("A"));
        // A LAN resolver may answer LAN addresses but not localhost.
        assertEquals("NXDOMAIN", dig("127.0.0.1", "evil.local", "A").status);
    }

    @Test
    void blockedDomainBehindCnameIsBlocked() throws Exception {
        assertEquals("NXDOMAIN", dig("127.0.0.1", "cloak.example.test", "A").status);
    }

    @Test
    void dotUpstreamIsReallyUsed() throws Exception {
        long tls = unboundStat("internet", "num.query.tls");
        Dig d = dig("127.0.0.2", "dot.example.test", "A");
        assertEquals(List.of("192.0.2.83"), d.answers("A"));
        assertTrue(unboundStat("internet", "num.query.tls") > tls, "unbound counted a query over TLS");
    }

    @Test
    void dohUpstreamIsReallyUsed() throws Exception {
        Dig d = dig("127.0.0.3", "doh.example.test", "A");
        assertEquals(List.of("192.0.2.84"), d.answers("A"));
        String log = Files.readString(dir.resolve("dnsdist-queries.log"));
        assertTrue(log.contains("doh.example.test"), "dnsdist logged the DoH query: " + log);
    }

    @Test
    void failsOverWhenTheFirstUpstreamIsDown() throws Exception {
        assertEquals(List.of("192.0.2.85"), dig("127.0.0.4", "failover.example.test", "A").answers("A"));
        assertEquals(List.of("192.0.2.80"), dig("127.0.0.4", "www.example.test", "A").answers("A"));
    }

    @Test
    void secondQueryIsServedFromTheCache() throws Exception {
        assertEquals(List.of("192.0.2.82"), dig("127.0.0.1", "cached.example.test", "A").answers("A"));
        long asked = unboundStat("internet", "total.num.queries");
        Dig again = dig("127.0.0.1", "cached.example.test", "A");
        assertEquals(List.of("192.0.2.82"), again.answers("A"));
        assertEquals(asked, unboundStat("internet", "total.num.queries"), "the upstream was not asked again");
    }

    @Test
    void localNamesAndPrivateReverseZonesGoToTheLocalResolverOnly() throws Exception {
        long internet = unboundStat("internet", "total.num.queries");
        long lan = unboundStat("lan", "total.num.queries");
        assertEquals(List.of("10.1.0.50"), dig("127.0.0.1", "printer.local", "A").answers("A"));
        assertEquals(List.of("printer.local."), dig("127.0.0.1", "50.0.1.10.in-addr.arpa", "PTR").answers("PTR"));
        assertEquals(internet, unboundStat("internet", "total.num.queries"), "nothing went to the internet");
        assertTrue(unboundStat("lan", "total.num.queries") >= lan + 2);
        assertEquals("NXDOMAIN", dig("127.0.0.2", "printer.local", "A").status,
                "without a local resolver local names are NXDOMAIN");
    }

    @Test
    void canaryIsNxdomain() throws Exception {
        long internet = unboundStat("internet", "total.num.queries");
        assertEquals("NXDOMAIN", dig("127.0.0.1", "use-application-dns.net", "A").status);
        assertEquals(internet, unboundStat("internet", "total.num.queries"));
    }

    @Test
    void largeAnswerIsTruncatedForSmallBuffersAndWholeOverTcp() throws Exception {
        Dig small = dig("127.0.0.1", "big.example.test", "A", "+bufsize=512", "+ignore");
        assertTrue(small.flags.contains("tc"), "TC set: " + small.flags);
        assertTrue(small.raw.contains("; EDNS: version: 0"), "OPT answered to an EDNS query");
        Dig noEdns = dig("127.0.0.1", "big.example.test", "A", "+noedns", "+ignore");
        assertTrue(noEdns.flags.contains("tc"));
        assertTrue(!noEdns.raw.contains("; EDNS:"), "no OPT to a query without one");
        assertEquals(60, dig("127.0.0.1", "big.example.test", "A", "+tcp").answers("A").size());
        assertEquals(60, dig("127.0.0.1", "big.example.test", "A", "+bufsize=4096").answers("A").size());
    }

    @Test
    void portTakenByAnotherResolverIsReportedWithItsProcess() throws Exception {
        ns.exec("ip", "addr", "add", "127.0.0.9/32", "dev", "lo");
        Process dnsmasq = ns.start(dir.resolve("dnsmasq.out"), "dnsmasq", "-k", "--conf-file=/dev/null",
                "--listen-address=127.0.0.9", "--bind-interfaces", "--port=53", "--no-resolv", "--no-hosts",
                "--user=root", "--pid-file=" + dir.resolve("dnsmasq.pid"));
        await(() -> ns.exec("ss", "-lun").output().contains("127.0.0.9:53"), "dnsmasq listening",
                dir.resolve("dnsmasq.out"));
        writeProperties("clash", "listen=127.0.0.9:53\nupstreams=dns://192.0.2.1\nlocal-upstreams=\n");
        Process clash = ns.start(null, javaCommand("clash"));
        List<String> out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(clash.getInputStream(),
                StandardCharsets.UTF_8))) {
            out = r.lines().toList();
        }
        assertTrue(clash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, clash.exitValue(), String.join("\n", out));
        String expected = "ERROR address 127.0.0.9:53 (udp) is in use by pid " + dnsmasq.pid() + " (/usr/sbin/dnsmasq)";
        assertTrue(out.contains(expected), "expected '" + expected + "' in " + out);
        dnsmasq.destroy();
    }

    private Process startNameserver(String... names) throws Exception {
        Process p = ns.start(null, javaCommand(names));
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    seen.add(line);
                    if (line.startsWith("READY") || line.startsWith("ERROR")) {
                        return line;
                    }
                }
                return "EXITED";
            } catch (IOException e) {
                return "EXITED " + e;
            }
        });
        String line = ready.get(60, TimeUnit.SECONDS);
        if (!line.startsWith("READY")) {
            throw new AssertionError("nameserver did not start: " + String.join("\n", seen));
        }
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // keep the child's output pipe flowing
                }
            } catch (IOException e) {
                // child gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private String[] javaCommand(String... names) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), NameserverMain.class.getName()));
        for (String n : names) {
            cmd.add(dir.resolve(n + ".properties").toString());
        }
        return cmd.toArray(new String[0]);
    }

    private void writeProperties(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name + ".properties"), text);
    }

    private void makeCertificates() throws Exception {
        String d = dir.toString();
        sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + d + "/ca.pem -days 2"
                + " -subj /CN=netreeve-test-ca");
        sh("openssl req -newkey rsa:2048 -nodes -keyout " + d + "/server.key -out " + d + "/server.csr"
                + " -subj /CN=dns.test");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:dns.test,IP:192.0.2.1,IP:192.0.2.3\n");
        sh("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d + "/ca.key -CAcreateserial"
                + " -out " + d + "/server.pem -days 2 -extfile " + d + "/san.ext");
    }

    private static void sh(String command) throws Exception {
        Namespace.host("sh", "-c", command).check();
    }

    private void writeUnbound(String name, String address, boolean tls, String zones) throws IOException {
        String d = dir.toString();
        String conf = "server:\n"
                + "  interface: " + address + "@53\n"
                + (tls ? "  interface: " + address + "@853\n  tls-port: 853\n  tls-service-key: \"" + d
                        + "/server.key\"\n  tls-service-pem: \"" + d + "/server.pem\"\n" : "")
                + "  do-daemonize: no\n  chroot: \"\"\n  username: \"\"\n  directory: \"" + d + "\"\n"
                + "  pidfile: \"" + d + "/" + name + ".pid\"\n  use-syslog: no\n  logfile: \"\"\n"
                + "  access-control: 0.0.0.0/0 allow\n  module-config: \"iterator\"\n  extended-statistics: yes\n"
                + "  do-ip6: no\n"
                + zones
                + "remote-control:\n  control-enable: yes\n  control-interface: \"" + d + "/" + name + ".ctl\"\n"
                + "  control-use-cert: no\n";
        Files.writeString(dir.resolve(name + ".conf"), conf);
    }

    private static String bigRecords() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            sb.append("  local-data: \"big.example.test. 300 IN A 192.0.2.").append(i).append("\"\n");
        }
        return sb.toString();
    }

    private void awaitUnbound(String name) throws Exception {
        await(() -> ns.exec("unbound-control", "-c", dir.resolve(name + ".conf").toString(), "status").exit() == 0,
                "unbound " + name, dir.resolve("unbound-" + name + ".out"));
    }

    private long unboundStat(String name, String key) throws Exception {
        String out = ns.exec("unbound-control", "-c", dir.resolve(name + ".conf").toString(), "stats_noreset")
                .check().output();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(\\d+)$").matcher(out);
        if (!m.find()) {
            throw new AssertionError("unbound statistics have no " + key + ": " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, String what, Path log) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not come up: " + (Files.exists(log) ? Files.readString(log) : ""));
    }

    private Dig dig(String server, String name, String type, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dig", "@" + server, name, type, "+tries=1", "+time=5"));
        cmd.addAll(List.of(options));
        Namespace.Result r = ns.exec(cmd.toArray(new String[0]));
        if (r.exit() != 0) {
            throw new AssertionError("dig failed: " + r.output());
        }
        return new Dig(r.output());
    }

    /** The parts of dig's output the tests look at. */
    private static final class Dig {
        final String raw;
        final String status;
        final String flags;

        Dig(String raw) {
            this.raw = raw;
            Matcher s = Pattern.compile("status: (\\w+)").matcher(raw);
            this.status = s.find() ? s.group(1) : "NONE";
            Matcher f = Pattern.compile(";; flags: ([a-z ]*);").matcher(raw);
            this.flags = f.find() ? f.group(1) : "";
        }

        List<String> answers(String type) {
            List<String> out = new ArrayList<>();
            boolean inAnswer = false;
            for (String line : raw.split("\n")) {
                if (line.startsWith(";; ANSWER SECTION")) {
                    inAnswer = true;
                    continue;
                }
                if (inAnswer && line.isBlank()) {
                    break;
                }
                if (inAnswer) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 5 && f[3].equals(type)) {
                        out.add(f[4]);
                    }
                }
            }
            return out;
        }
    }
}
