package org.netreeve.interception.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.netreeve.interception.iptables.RuleConfig;

/**
 * The nfqueue client against the real kernel with the product's chains installed, each test in
 * its own namespace with the {@link QueueProbe} as consumer.
 */
@Tag("e2e")
class NfQueueE2eTest {
    @BeforeAll
    static void prerequisites() {
        E2e.requirePrerequisites();
    }

    @Test
    void onlyTheFirstPacketOfAPermanentlyAcceptedTcpConnectionReachesUserSpace() {
        try (NetNs ns = NetNs.create("first")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8090);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710", "--log");
            assertEquals("OK 5", E2e.tcp(ns, "127.0.0.1", 8090, 5, 3));
            E2e.stats(probe);
            List<String> queued = probe.output().stream().filter(l -> l.startsWith("PKT ")).toList();
            // Five connections of SYN, SYN-ACK, ACK, data, echo and FINs each: only their SYNs were
            // queued (a SYN retransmitted under load would be queued again, so count connections).
            assertTrue(queued.stream().allMatch(l -> l.contains(" dport=8090 flags=0x2 ")
                    && l.startsWith("PKT q=17040 ")), String.join("\n", queued));
            assertEquals(5L, queued.stream().map(l -> l.replaceAll(".* sport=(\\d+) .*", "$1")).distinct().count(),
                    String.join("\n", queued));
        }
    }

    @Test
    void aPerPacketAcceptKeepsQueueingTheConnectionsPackets() {
        try (NetNs ns = NetNs.create("perpacket")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8091);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1700");
            assertEquals("OK 1", E2e.tcp(ns, "127.0.0.1", 8091, 1, 3));
            Map<Integer, Long> counts = E2e.stats(probe);
            assertTrue(counts.get(17040) >= 4 && counts.get(17140) >= 4,
                    "with 1700 nothing is saved, so each packet is queued on the way out and in: " + counts);
        }
    }

    @Test
    void withTheSeedsRulesABlockBehavesLikeADrop() {
        try (NetNs ns = NetNs.create("block")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8092);
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8093);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--port", "8092=1701", "--port", "8093=1702", "--log");
            // The REJECT's ICMP error is queued again and lost in the kernel (see RuleConfig).
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8092, 1, 2));
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8093, 1, 2));
            assertTrue(E2e.logged(probe, "dport=8092", "flags=0x2") >= 1);
        }
    }

    @Test
    void withRelatedIcmpErrorsExemptedABlockIsRefusedAtOnce() {
        try (NetNs ns = NetNs.create("refuse")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8092);
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8093);
            E2e.server(ns, "serve-tcp", "::1", 8094);
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8095);
            E2e.install(ns, RuleConfig.defaults().withAcceptRelatedIcmpErrors(true));
            E2e.probe(ns, "--port", "8092=1701", "--port", "8093=1711", "--port", "8094=1701", "--port", "8095=1702");
            // With the seed's rules alone these clients would retransmit until their 20 s timeout.
            assertEquals("ERR EHOSTUNREACH", E2e.tcp(ns, "127.0.0.1", 8092, 1, 20));
            assertEquals("ERR EHOSTUNREACH", E2e.tcp(ns, "127.0.0.1", 8093, 1, 20));
            assertEquals("ERR EACCES", E2e.tcp(ns, "::1", 8094, 1, 20));
            E2e.assertBlocked(E2e.tcp(ns, "127.0.0.1", 8095, 1, 2));
        }
    }

    @Test
    void inboundBlockAndDropLookToThePeerAsRefusalAndTimeout() {
        try (NetNs server = NetNs.create("inblk"); NetNs client = NetNs.create("inblkc")) {
            server.connect(client, List.of("10.77.1.1/24"), List.of("10.77.1.2/24"));
            E2e.server(server, "serve-tcp", "0.0.0.0", 8095);
            E2e.server(server, "serve-tcp", "0.0.0.0", 8096);
            E2e.install(server, RuleConfig.defaults().withAcceptRelatedIcmpErrors(true));
            E2e.probe(server, "--port", "8095=1701", "--port", "8096=1702");
            assertEquals("ERR EHOSTUNREACH", E2e.tcp(client, "10.77.1.1", 8095, 1, 20));
            assertEquals("ERR timeout", E2e.tcp(client, "10.77.1.1", 8096, 1, 2));
        }
    }

    @Test
    void ipv6AndUdpPassThroughTheConsumer() {
        try (NetNs ns = NetNs.create("v6udp")) {
            E2e.server(ns, "serve-tcp", "::1", 8097);
            E2e.server(ns, "serve-udp", "127.0.0.1", 8098);
            E2e.server(ns, "serve-udp", "::1", 8099);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710");
            assertEquals("OK 2", E2e.tcp(ns, "::1", 8097, 2, 3));
            assertEquals("OK", E2e.udp(ns, "127.0.0.1", 8098, 3));
            assertEquals("OK", E2e.udp(ns, "::1", 8099, 3));
            Map<Integer, Long> counts = E2e.stats(probe);
            assertEquals(1L, counts.get(17040), counts.toString());
            assertEquals(3L, counts.get(17060), counts.toString());
        }
    }

    @Test
    void inboundConnectionsAreQueuedOnTheInboundQueues() {
        try (NetNs server = NetNs.create("inbound"); NetNs client = NetNs.create("inboundc")) {
            server.connect(client, List.of("10.77.0.1/24", "fd77::1/64"), List.of("10.77.0.2/24", "fd77::2/64"));
            E2e.server(server, "serve-tcp", "0.0.0.0", 8100);
            E2e.server(server, "serve-tcp", "::", 8101);
            E2e.install(server);
            ChildProcess probe = E2e.probe(server, "--default", "1710", "--log");
            assertEquals("OK 2", E2e.tcp(client, "10.77.0.1", 8100, 2, 3));
            assertEquals("OK 1", E2e.tcp(client, "fd77::1", 8101, 1, 3));
            // Counting TCP only: IPv6 neighbour discovery is queued as well.
            assertEquals(2L, E2e.logged(probe, "q=17140", "p=6", "flags=0x2"));
            assertEquals(1L, E2e.logged(probe, "q=17160", "p=6", "flags=0x2"));
            assertEquals(3L, E2e.logged(probe, "p=6"), "replies carry the saved mark: " + probe.output());
            assertTrue(probe.output().stream().anyMatch(l -> l.startsWith("PKT q=17140 dir=INBOUND v=4 p=6 src=10.77.0.2")
                    && l.contains("dport=8100 flags=0x2")), probe.output().toString());
        }
    }

    @Test
    void theOwningUserOfAnOutgoingConnectionIsReported() {
        NetNs.requireTools("setpriv", "curl");
        try (NetNs ns = NetNs.create("uid")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8102);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710", "--log");
            ns.exec("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "curl", "-sS", "-m", "2",
                    "telnet://127.0.0.1:8102");
            String line = probe.awaitLine(l -> l.startsWith("PKT q=17040"), E2e.START);
            assertTrue(line.contains("dport=8102") && line.contains("uid=65534"), line);
        }
    }

    @Test
    void deferredVerdictsFromAnotherThreadWork() {
        try (NetNs ns = NetNs.create("defer")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8103);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710", "--defer");
            assertEquals("OK 20", E2e.tcp(ns, "127.0.0.1", 8103, 20, 3));
            assertTrue(E2e.stats(probe).get(17040) >= 20);
        }
    }

    @Test
    void batchedVerdictsWork() {
        try (NetNs ns = NetNs.create("batch")) {
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8104);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710", "--batch");
            assertEquals("OK 50", E2e.tcp(ns, "127.0.0.1", 8104, 50, 3));
            assertTrue(E2e.stats(probe).get(17040) >= 50);
        }
    }

    @Test
    void astrayDnsMarked1799IsReroutedToTheLocalNameserver() {
        try (NetNs ns = NetNs.create("dns")) {
            // A veth pair whose far end has no address: 10.53.0.1 answers nothing there.
            ns.execOk("ip", "link", "add", "va", "type", "veth", "peer", "name", "vb");
            ns.execOk("ip", "addr", "add", "10.53.0.9/24", "dev", "va");
            ns.execOk("ip", "link", "set", "va", "up");
            ns.execOk("ip", "link", "set", "vb", "up");
            E2e.server(ns, "serve-udp", "127.0.0.1", 53);
            E2e.server(ns, "serve-tcp", "127.0.0.1", 53);
            E2e.install(ns);
            E2e.probe(ns, "--port", "53=1799", "--default", "1710");
            // 10.53.0.1 does not exist: an answer can only come from the local nameserver. The query
            // leaves from 10.53.0.9, and locally generated traffic DNATed to loopback in nat OUTPUT
            // needs no route_localnet (that is only for packets arriving from outside).
            assertEquals("0", ns.execOk("sysctl", "-n", "net.ipv4.conf.all.route_localnet").stdout().strip());
            assertEquals("OK", E2e.udp(ns, "10.53.0.1", 53, 3));
            assertEquals("OK 1", E2e.tcp(ns, "10.53.0.1", 53, 1, 3));
        }
    }
}
