package org.netreeve.dns.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace owned by a test: created with a random name, every command and server runs inside it,
 * and {@link #close()} stops those servers and deletes it. Nothing touches the host's own namespace.
 */
final class Namespace implements AutoCloseable {

    final String name;
    private final List<Process> servers = new ArrayList<>();

    private Namespace(String name) {
        this.name = name;
    }

    static Namespace create(String purpose) throws IOException, InterruptedException {
        byte[] r = new byte[4];
        new SecureRandom().nextBytes(r);
        Namespace ns = new Namespace("nr-" + purpose + "-" + HexFormat.of().formatHex(r));
        Result add = host("ip", "netns", "add", ns.name);
        if (add.exit != 0) {
            throw new IllegalStateException("ip netns add " + ns.name + " failed: " + add.output);
        }
        ns.exec("ip", "link", "set", "lo", "up").check();
        return ns;
    }

    /** Fails the test with a clear message when a tool is missing. */
    static void require(String... tools) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String t : tools) {
            if (host("sh", "-c", "command -v " + t).exit != 0) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("end-to-end DNS tests need " + missing + " installed (Debian packages: "
                    + "iproute2 unbound dnsutils openssl dnsdist dnsmasq-base)");
        }
    }

    Result exec(String... cmd) throws IOException, InterruptedException {
        return host(prefixed(cmd));
    }

    /** Starts a long-running server inside the namespace; it is stopped by {@link #close()}. */
    Process start(java.nio.file.Path log, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(prefixed(cmd)).redirectErrorStream(true);
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        servers.add(p);
        return p;
    }

    private String[] prefixed(String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(Arrays.asList(cmd));
        return all.toArray(new String[0]);
    }

    static Result host(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), String.join(" ", cmd));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            for (Process p : servers) {
                p.destroy();
            }
            for (Process p : servers) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            Result del = host("ip", "netns", "del", name);
            if (del.exit != 0) {
                throw new IllegalStateException("could not delete namespace " + name + ": " + del.output);
            }
        }
    }

    record Result(int exit, String output, String command) {
        Result check() {
            if (exit != 0) {
                throw new IllegalStateException(command + " exited " + exit + ": " + output);
            }
            return this;
        }
    }
}
