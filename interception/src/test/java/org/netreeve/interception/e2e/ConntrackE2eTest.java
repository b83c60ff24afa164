package org.netreeve.interception.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Re-deciding established connections by changing their conntrack marks over netlink. */
@Tag("e2e")
class ConntrackE2eTest {
    @BeforeAll
    static void prerequisites() {
        E2e.requirePrerequisites();
    }

    private static String conntrackTool(NetNs ns, String... args) {
        ChildProcess tool = ns.startJava(ConntrackTool.class, args);
        tool.waitFor(E2e.START);
        return tool.output().stream().filter(l -> l.equals("DONE") || l.equals("NOENT")).findFirst()
                .orElseThrow(() -> new AssertionError("ConntrackTool printed " + tool.output()));
    }

    private static void clearsTheMarkAndTheNextPacketIsQueuedAgain(String host, int port, int queue) {
        try (NetNs ns = NetNs.create("ct")) {
            E2e.server(ns, "serve-tcp", host, port);
            E2e.install(ns);
            ChildProcess probe = E2e.probe(ns, "--default", "1710");
            ChildProcess client = ns.start("python3", E2e.netprobe(), "hold", host, String.valueOf(port), "5");
            String connected = client.awaitLine(l -> l.startsWith("CONNECTED") || l.startsWith("ERR"), E2e.START);
            int localPort = Integer.parseInt(connected.split(" ")[1]);
            client.send("one");
            client.awaitLine(l -> l.equals("ECHO one"), E2e.START);
            client.send("two");
            client.awaitLine(l -> l.equals("ECHO two"), E2e.START);
            // Data and echoes of the established connection no longer reach user space.
            long before = E2e.stats(probe).get(queue);
            assertTrue(before >= 1, "the SYN was queued");
            String entry = ns.execOk("conntrack", "-L", "-p", "tcp", "--dport", String.valueOf(port)).stdout();
            assertTrue(entry.contains("mark=1710"), entry);

            assertEquals("DONE", conntrackTool(ns, "clear", "6", host, String.valueOf(localPort), host,
                    String.valueOf(port)));
            entry = ns.execOk("conntrack", "-L", "-p", "tcp", "--dport", String.valueOf(port)).stdout();
            assertTrue(entry.contains("mark=0"), entry);

            client.send("three");
            client.awaitLine(l -> l.equals("ECHO three"), E2e.START);
            assertEquals(before + 1, E2e.stats(probe).get(queue), "the next packet after clearing was queued again");
            entry = ns.execOk("conntrack", "-L", "-p", "tcp", "--dport", String.valueOf(port)).stdout();
            assertTrue(entry.contains("mark=1710"), "decided again and saved again: " + entry);

            assertEquals("NOENT", conntrackTool(ns, "clear", "6", host, "1", host, String.valueOf(port)));
        }
    }

    @Test
    void clearingTheMarkOfAPermanentlyAcceptedIpv4ConnectionQueuesItsNextPacket() {
        clearsTheMarkAndTheNextPacketIsQueuedAgain("127.0.0.1", 8110, 17040);
    }

    @Test
    void clearingTheMarkOfAPermanentlyAcceptedIpv6ConnectionQueuesItsNextPacket() {
        clearsTheMarkAndTheNextPacketIsQueuedAgain("::1", 8111, 17060);
    }

    @Test
    void setAndDeleteAddressTheEntryByItsTuple() {
        try (NetNs ns = NetNs.create("ctdel")) {
            // Conntrack only tracks a namespace once a rule there needs it.
            ns.execOk("iptables", "-A", "OUTPUT", "-m", "conntrack", "--ctstate", "NEW", "-j", "ACCEPT");
            E2e.server(ns, "serve-tcp", "127.0.0.1", 8112);
            ChildProcess client = ns.start("python3", E2e.netprobe(), "hold", "127.0.0.1", "8112", "5");
            String connected = client.awaitLine(l -> l.startsWith("CONNECTED"), E2e.START);
            String localPort = connected.split(" ")[1];
            assertEquals("DONE", conntrackTool(ns, "mark", "1712", "6", "127.0.0.1", localPort, "127.0.0.1", "8112"));
            assertTrue(ns.execOk("conntrack", "-L", "-p", "tcp", "--dport", "8112").stdout().contains("mark=1712"));
            assertEquals("DONE", conntrackTool(ns, "delete", "6", "127.0.0.1", localPort, "127.0.0.1", "8112"));
            String after = ns.execOk("conntrack", "-L", "-p", "tcp", "--dport", "8112").stdout();
            assertTrue(!after.contains("sport=" + localPort + " dport=8112"), after);
            assertEquals("NOENT", conntrackTool(ns, "delete", "6", "127.0.0.1", localPort, "127.0.0.1", "8112"));
            client.kill();
        }
    }
}
