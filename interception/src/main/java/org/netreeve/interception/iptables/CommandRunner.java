package org.netreeve.interception.iptables;

import java.io.IOException;
import java.util.List;

/**
 * Runs an external command. The installer talks to iptables only through this, so that tests can
 * run it inside a network namespace ({@code ip netns exec NS ...}) or against a recorded fake.
 */
@FunctionalInterface
public interface CommandRunner {
    /** The outcome of one command. */
    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * @param command program and arguments
     * @param stdin text written to the command's standard input, or null for none
     * @throws IOException if the program cannot be started (e.g. not installed)
     */
    Result run(List<String> command, String stdin) throws IOException;
}
