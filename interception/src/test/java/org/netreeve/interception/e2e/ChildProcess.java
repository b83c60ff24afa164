package org.netreeve.interception.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose standard output and error lines are collected as they come, so that a
 * test can wait for a line ("READY") and send commands on standard input. Thread-safe.
 */
public final class ChildProcess {
    private final Process process;
    private final String description;
    private final List<String> lines = new ArrayList<>();

    private ChildProcess(Process process, String description) {
        this.process = process;
        this.description = description;
    }

    static ChildProcess start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ChildProcess child = new ChildProcess(process, String.join(" ", command));
            Thread reader = new Thread(child::collect, "child-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    private void collect() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended; what it printed so far stays available.
        }
        synchronized (lines) {
            lines.notifyAll();
        }
    }

    /**
     * Waits until a line at index {@code from} or later matches; returns it. Fails the test with the
     * output so far if the process ends or the time runs out first.
     */
    public String awaitLine(int from, Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int index = from;
            while (true) {
                while (index < lines.size()) {
                    String line = lines.get(index++);
                    if (matcher.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && index >= lines.size())) {
                    throw new AssertionError((process.isAlive() ? "timed out after " + timeout : "process exited "
                            + exitCodeText()) + " waiting for a line from " + description + "; output:\n"
                            + String.join("\n", lines));
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        return awaitLine(0, matcher, timeout);
    }

    private String exitCodeText() {
        try {
            return String.valueOf(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    /** How many lines were printed so far (use as {@code from} for the next {@link #awaitLine}). */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Writes one line to the process's standard input. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to " + description + ": " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; returns its exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(description + " still running after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash would; waits for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
