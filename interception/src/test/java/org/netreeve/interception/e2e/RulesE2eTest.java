package org.netreeve.interception.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netreeve.interception.bench.AcceptAll;
import org.netreeve.interception.iptables.IpFamily;
import org.netreeve.interception.iptables.RuleInstaller;

/** The chains in a real kernel: exact removal, fail-closed behaviour, repair, crash recovery. */
@Tag("e2e")
class RulesE2eTest {
    @BeforeAll
    static void prerequisites() {
        E2e.requirePrerequisites();
    }

    /** Rules another program put there before the firewall started. */
    private static void addOtherProgramsRules(NetNs ns) {
        for (String tool : List.of("iptables", "ip6tables")) {
            ns.execOk(tool, "-t", "mangle", "-A", "OUTPUT", "-p", "tcp", "--dport", "9", "-j", "ACCEPT");
            ns.execOk(tool, "-t", "filter", "-A", "INPUT", "-p", "udp", "--dport", "9", "-j", "ACCEPT");
            ns.execOk(tool, "-t", "filter", "-A", "OUTPUT", "-p", "udp", "--dport", "9", "-j", "ACCEPT");
            ns.execOk(tool, "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "--dport", "9", "-j", "RETURN");
        }
    }

    @Test
    void installThenUninstallLeavesIptablesSaveExactlyAsBefore() throws Exception {
        try (NetNs ns = NetNs.create("rules")) {
            addOtherProgramsRules(ns);
            String v4 = E2e.save(ns, "iptables-save");
            String v6 = E2e.save(ns, "ip6tables-save");
            RuleInstaller installer = E2e.install(ns);
            String installed = E2e.save(ns, "iptables-save");
            assertTrue(installed.contains("-A OUTPUT -j C170\n-A OUTPUT -p tcp -m tcp --dport 9 -j ACCEPT"), installed);
            assertTrue(installed.contains("-A C17 -m mark --mark 0x6a5 -j REJECT --reject-with icmp-host-prohibited"),
                    installed);
            assertTrue(E2e.save(ns, "ip6tables-save").contains("--reject-with icmp6-adm-prohibited"));
            assertTrue(installer.isInstalled(IpFamily.IPV4) && installer.isInstalled(IpFamily.IPV6));
            installer.uninstall();
            assertEquals(v4, E2e.save(ns, "iptables-save"));
            assertEquals(v6, E2e.save(ns, "ip6tables-save"));
        }
    }

    @Test
    void withRulesAndNoConsumerNewConnectionsFail() {
        try (NetNs ns = NetNs.create("failclosed")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8081);
            E2e.server(ns, "serve-udp", "::1", 8082);
            assertEquals("OK 1", E2e.tcp(ns, "127.0.0.1", 8081, 1, 2));
            RuleInstaller installer = E2e.install(ns);
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8081, 1, 1));
            E2e.assertBlocked(E2e.udp(ns, "::1", 8082, 1));
            try {
                installer.uninstall();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertEquals("OK 1", E2e.tcp(ns, "127.0.0.1", 8081, 1, 2));
            assertEquals("OK", E2e.udp(ns, "::1", 8082, 2));
        }
    }

    @Test
    void ensureJumpsFirstMovesTheJumpBackAboveARuleInsertedLater() throws Exception {
        try (NetNs ns = NetNs.create("jumps")) {
            RuleInstaller installer = E2e.install(ns);
            assertEquals(List.of(), installer.ensureJumpsFirst());
            ns.execOk("ip6tables", "-t", "filter", "-I", "OUTPUT", "1", "-p", "udp", "--dport", "9", "-j", "ACCEPT");
            ns.execOk("iptables", "-t", "mangle", "-I", "INPUT", "1", "-p", "udp", "--dport", "9", "-j", "ACCEPT");
            List<String> repairs = installer.ensureJumpsFirst();
            assertEquals(2, repairs.size(), repairs.toString());
            List<String> output = ns.execOk("ip6tables", "-t", "filter", "-S", "OUTPUT").stdout().lines()
                    .filter(l -> l.startsWith("-A")).toList();
            assertEquals(List.of("-A OUTPUT -j C17", "-A OUTPUT -p udp -m udp --dport 9 -j ACCEPT"), output);
            assertEquals("-A INPUT -j C171", ns.execOk("iptables", "-t", "mangle", "-S", "INPUT").stdout().lines()
                    .filter(l -> l.startsWith("-A")).findFirst().orElseThrow());
            installer.uninstall();
        }
    }

    @Test
    void afterKill9NothingPassesUntilUninstallAndARestartedConsumerTakesOver() throws Exception {
        try (NetNs ns = NetNs.create("crash")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8083);
            ChildProcess consumer = ns.startJava(AcceptAll.class, "--install-rules");
            consumer.awaitLine(l -> l.equals("READY"), E2e.START);
            assertEquals("OK 3", E2e.tcp(ns, "127.0.0.1", 8083, 3, 2));

            consumer.kill();
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8083, 1, 1));
            assertTrue(E2e.save(ns, "iptables-save").contains(":C17 "), "the rules outlive the consumer");

            ChildProcess restarted = ns.startJava(AcceptAll.class);
            restarted.awaitLine(l -> l.equals("READY"), E2e.START);
            assertEquals("OK 2", E2e.tcp(ns, "127.0.0.1", 8083, 2, 2));
            restarted.kill();
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8083, 1, 1));

            new RuleInstaller(ns.runner()).uninstall();
            assertEquals("OK 1", E2e.tcp(ns, "127.0.0.1", 8083, 1, 2));
            assertFalse(E2e.save(ns, "iptables-save").contains("C17"));
            assertFalse(E2e.save(ns, "ip6tables-save").contains("C17"));
        }
    }

    @Test
    void aCleanStopOfTheConsumerRemovesItsRules() {
        try (NetNs ns = NetNs.create("stop")) {
            String before = E2e.save(ns, "iptables-save");
            ChildProcess consumer = ns.startJava(AcceptAll.class, "--install-rules");
            consumer.awaitLine(l -> l.equals("READY"), E2e.START);
            ns.execOk("kill", "-TERM", String.valueOf(consumer.pid()));
            assertEquals(143, consumer.waitFor(Duration.ofSeconds(30)));
            assertTrue(consumer.output().stream().anyMatch(l -> l.startsWith("STATS 17040")), consumer.output()
                    .toString());
            String after = E2e.save(ns, "iptables-save");
            assertFalse(after.contains("C17"), after);
            // The tables iptables created on first use stay, with empty built-in chains only.
            assertTrue(after.lines().noneMatch(l -> l.startsWith("-A")), after);
            assertEquals("", before);
        }
    }
}
