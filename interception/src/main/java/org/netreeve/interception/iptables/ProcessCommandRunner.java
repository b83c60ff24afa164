package org.netreeve.interception.iptables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes, optionally behind a fixed prefix such as
 * {@code ip netns exec NS}, with a time limit so that a hung tool cannot hang the daemon.
 */
public final class ProcessCommandRunner implements CommandRunner {
    private final List<String> prefix;
    private final long timeoutSeconds;

    /** Runs commands directly, each with at most 30 seconds. */
    public ProcessCommandRunner() {
        this(List.of(), 30);
    }

    /** @param prefix words put before every command, e.g. {@code ["ip", "netns", "exec", "nr-x"]} */
    public ProcessCommandRunner(List<String> prefix, long timeoutSeconds) {
        this.prefix = List.copyOf(prefix);
        this.timeoutSeconds = timeoutSeconds;
    }

    /** A runner for commands inside a named network namespace. */
    public static ProcessCommandRunner inNamespace(String namespace) {
        return new ProcessCommandRunner(List.of("ip", "netns", "exec", namespace), 30);
    }

    @Override
    public Result run(List<String> command, String stdin) throws IOException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Process process = new ProcessBuilder(full).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + ": no exit within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", full) + ": interrupted", e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
