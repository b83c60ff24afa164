package org.netreeve.interception.e2e;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.netreeve.interception.iptables.IpFamily;
import org.netreeve.interception.iptables.RuleConfig;
import org.netreeve.interception.iptables.RuleInstallException;
import org.netreeve.interception.iptables.RuleInstaller;

/** Steps the interception end-to-end tests share: servers, clients, the queue probe, rules. */
final class E2e {
    static final Duration START = Duration.ofSeconds(30);

    private E2e() {
    }

    /** Fails (never skips) when a program the tests need is missing. */
    static void requirePrerequisites() {
        NetNs.requireTools("ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "iptables-save",
                "ip6tables-save", "conntrack", "python3");
    }

    static String netprobe() {
        try {
            return Path.of(E2e.class.getResource("/e2e/netprobe.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts an echo server ("serve-tcp" or "serve-udp") and waits until it listens. */
    static ChildProcess server(NetNs ns, String kind, String host, int port) {
        ChildProcess server = ns.start("python3", netprobe(), kind, host, String.valueOf(port));
        server.awaitLine(l -> l.equals("LISTENING"), START);
        return server;
    }

    /** Runs the netprobe client inside the namespace and returns its last output line. */
    static String client(NetNs ns, String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "python3";
        command[1] = netprobe();
        System.arraycopy(args, 0, command, 2, args.length);
        String out = ns.exec(command).stdout().strip();
        return out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
    }

    static String tcp(NetNs ns, String host, int port, int count, double timeoutSeconds) {
        return client(ns, "tcp", host, String.valueOf(port), String.valueOf(count), String.valueOf(timeoutSeconds));
    }

    static String udp(NetNs ns, String host, int port, double timeoutSeconds) {
        return client(ns, "udp", host, String.valueOf(port), String.valueOf(timeoutSeconds));
    }

    /** Starts {@link QueueProbe} in the namespace and waits until its queues are bound. */
    static ChildProcess probe(NetNs ns, String... args) {
        ChildProcess probe = ns.startJava(QueueProbe.class, args);
        probe.awaitLine(l -> l.equals("READY"), START);
        return probe;
    }

    /**
     * How many packets a probe started with {@code --log} logged that contain all the given words,
     * e.g. {@code "q=17160", "p=6"} (IPv6 neighbour discovery is queued too, so tests that count
     * connections count TCP packets only).
     */
    static long logged(ChildProcess probe, String... words) {
        E2e.stats(probe);
        return probe.output().stream().filter(l -> l.startsWith("PKT "))
                .filter(l -> java.util.Arrays.stream(words).allMatch(w -> java.util.Arrays.asList(l.split(" "))
                        .contains(w)))
                .count();
    }

    /** Packets each queue handed to the probe so far. */
    static Map<Integer, Long> stats(ChildProcess probe) {
        int from = probe.lineCount();
        probe.send("stats");
        String line = probe.awaitLine(from, l -> l.startsWith("STATS "), START);
        Map<Integer, Long> counts = new HashMap<>();
        for (String part : line.split(" ")) {
            if (part.matches("\\d+=\\d+")) {
                String[] kv = part.split("=");
                counts.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
        }
        return counts;
    }

    /**
     * Asserts that a client's packets were dropped: a locally sent packet dropped in OUTPUT makes
     * the kernel answer the sending call with EPERM, unless the drop happens after the call
     * returned (non-blocking connect, retransmissions), in which case the client times out.
     */
    static void assertBlocked(String clientResult) {
        if (!clientResult.equals("ERR EPERM") && !clientResult.equals("ERR timeout")) {
            throw new AssertionError("expected the packets to be dropped (ERR EPERM or ERR timeout), got: "
                    + clientResult);
        }
    }

    static RuleInstaller installer(NetNs ns) {
        return new RuleInstaller(ns.runner());
    }

    static RuleInstaller install(NetNs ns) {
        return install(ns, RuleConfig.defaults());
    }

    static RuleInstaller install(NetNs ns, RuleConfig config) {
        RuleInstaller installer = new RuleInstaller(ns.runner(), config, Set.of(IpFamily.IPV4, IpFamily.IPV6));
        try {
            installer.install();
        } catch (RuleInstallException e) {
            throw new AssertionError("installing rules in " + ns.name() + " failed: " + e.getMessage(), e);
        }
        return installer;
    }

    /** iptables-save or ip6tables-save output without comment lines and counters. */
    static String save(NetNs ns, String tool) {
        return ns.execOk(tool).stdout().lines()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "[0:0]"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
