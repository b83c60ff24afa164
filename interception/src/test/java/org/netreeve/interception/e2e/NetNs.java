package org.netreeve.interception.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.netreeve.interception.iptables.CommandRunner;
import org.netreeve.interception.iptables.ProcessCommandRunner;

/**
 * A throw-away network namespace for end-to-end tests, and everything run inside it.
 *
 * <p>Why child processes: a JVM cannot move itself into another network namespace safely (setns
 * applies per thread, and the JVM's own threads and sockets would stay outside), so everything that
 * must see the namespace's network — iptables, nfqueue consumers, clients, servers — runs as a child
 * under {@code ip netns exec NAME}. Java code runs in a child JVM with the test's own class path
 * ({@link #startJava}); it talks to the test through its standard input and output
 * ({@link ChildProcess}). The test JVM itself never touches the host's network configuration.
 *
 * <p>Use with try-with-resources: {@link #close()} kills every process still running in the
 * namespace and deletes it, also when the test failed.
 *
 * <pre>{@code
 * try (NetNs ns = NetNs.create("queue")) {
 *     ns.execOk("ip", "addr", "add", "10.9.0.1/24", "dev", "lo");
 *     ChildProcess consumer = ns.startJava(MyMain.class, "--flag");
 *     consumer.awaitLine(l -> l.equals("READY"), Duration.ofSeconds(20));
 *     CommandRunner.Result r = ns.exec("curl", "-sS", "http://127.0.0.1:8080/");
 * }
 * }</pre>
 */
public final class NetNs implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final List<ChildProcess> children = new ArrayList<>();

    private NetNs(String name) {
        this.name = name;
    }

    /**
     * Creates namespace {@code nr-<purpose>-<random>} with its loopback up. Fails (never skips) if
     * not root or {@code ip} is missing.
     */
    public static NetNs create(String purpose) {
        requireTools("ip");
        String name = "nr-" + purpose + "-" + Integer.toHexString(RANDOM.nextInt(0x10000000));
        CommandRunner.Result added = host("ip", "netns", "add", name);
        if (!added.ok()) {
            throw new AssertionError("cannot create network namespace " + name + " (root needed): " + added.stderr());
        }
        NetNs ns = new NetNs(name);
        try {
            ns.execOk("ip", "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Fails the test with a clear message if a program is not installed (in CI a missing
     * prerequisite is a failure, not a skip).
     */
    public static void requireTools(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("end-to-end test needs these programs, not found on PATH: " + missing
                    + " (Debian: apt-get install iptables iproute2 conntrack curl netcat-openbsd python3)");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return name;
    }

    /** A command runner whose commands run inside this namespace (for RuleInstaller and friends). */
    public CommandRunner runner() {
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", name), 60);
    }

    /** Runs a command inside the namespace and returns its outcome. */
    public CommandRunner.Result exec(String... command) {
        return execWithInput(null, command);
    }

    public CommandRunner.Result execWithInput(String stdin, String... command) {
        try {
            return runner().run(List.of(command), stdin);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " in " + name + ": " + e.getMessage(),
                    e);
        }
    }

    /** Runs a command inside the namespace and fails the test if it exits non-zero. */
    public CommandRunner.Result execOk(String... command) {
        CommandRunner.Result result = exec(command);
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", command) + " in " + name + " exited " + result.exitCode() + ": "
                    + result.stderr() + result.stdout());
        }
        return result;
    }

    /** Starts a long-running command inside the namespace; it is killed by {@link #close()}. */
    public ChildProcess start(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        ChildProcess child = ChildProcess.start(full);
        synchronized (children) {
            children.add(child);
        }
        return child;
    }

    /**
     * Starts {@code mainClass} in a new JVM inside the namespace, with this JVM's java binary and
     * test class path (under Surefire the real path is in {@code surefire.test.class.path}).
     */
    public ChildProcess startJava(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", testClassPath(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", mainClass.getName()));
        command.addAll(List.of(args));
        return start(command.toArray(String[]::new));
    }

    /** The java executable running this JVM. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path of the running tests, usable by a child JVM. */
    public static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, path.split(File.pathSeparator));
    }

    /**
     * Connects this namespace to {@code peer} with a veth pair created inside the namespaces (the
     * host's own namespace is never touched) and gives both ends the addresses given, e.g.
     * {@code "10.77.0.1/24", "fd77::1/64"} here and {@code "10.77.0.2/24", "fd77::2/64"} there.
     * IPv6 addresses skip duplicate address detection so that they are usable at once.
     */
    public void connect(NetNs peer, List<String> localAddresses, List<String> peerAddresses) {
        String local = "vh" + Integer.toHexString(RANDOM.nextInt(0x100000));
        String remote = "vp" + Integer.toHexString(RANDOM.nextInt(0x100000));
        execOk("ip", "link", "add", local, "type", "veth", "peer", "name", remote, "netns", peer.name());
        configure(this, local, localAddresses);
        configure(peer, remote, peerAddresses);
    }

    private static void configure(NetNs ns, String device, List<String> addresses) {
        for (String address : addresses) {
            if (address.contains(":")) {
                ns.execOk("ip", "-6", "addr", "add", address, "dev", device, "nodad");
            } else {
                ns.execOk("ip", "addr", "add", address, "dev", device);
            }
        }
        ns.execOk("ip", "link", "set", device, "up");
    }

    /** Kills every process started here or still inside the namespace, then deletes the namespace. */
    @Override
    public void close() {
        synchronized (children) {
            for (ChildProcess child : children) {
                child.kill();
            }
        }
        CommandRunner.Result pids = host("ip", "netns", "pids", name);
        if (pids.ok()) {
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    host("kill", "-9", pid.trim());
                }
            }
        }
        CommandRunner.Result deleted = host("ip", "netns", "del", name);
        if (!deleted.ok()) {
            sleepQuietly(Duration.ofMillis(200));
            host("ip", "netns", "del", name);
        }
    }

    private static CommandRunner.Result host(String... command) {
        try {
            return new ProcessCommandRunner(List.of(), 30).run(List.of(command), null);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
