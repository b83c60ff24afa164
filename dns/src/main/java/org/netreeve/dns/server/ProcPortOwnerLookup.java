package org.netreeve.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.netreeve.net.proc.ProcSockets;

/**
 * Finds a port's owner the way {@code ss -p} does, with the product's one /proc socket scanner: the
 * socket's inode from /proc/net/{udp,tcp}{,6}, then the process whose /proc/PID/fd holds it. Only
 * used when binding failed, so it favours simplicity over speed. Processes of other users are
 * invisible without root; then nothing is found.
 */
public final class ProcPortOwnerLookup implements PortOwnerLookup {

    private final ProcSockets proc;

    public ProcPortOwnerLookup() {
        this(ProcSockets.system());
    }

    /** @param proc the proc file system (a directory tree in tests) */
    public ProcPortOwnerLookup(ProcSockets proc) {
        this.proc = proc;
    }

    @Override
    public Optional<PortOwner> find(int protocol, InetSocketAddress address) {
        Set<Long> inodes = proc.boundInodes(protocol, address);
        int pid = proc.findOwner(inodes);
        return pid < 0 ? Optional.empty() : Optional.of(new PortOwner(pid, executable(proc.root().resolve(
            Integer.toString(pid)))));
    }

    private static String executable(Path pidDir) {
        try {
            return Files.readSymbolicLink(pidDir.resolve("exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            try {
                return Files.readString(pidDir.resolve("comm")).trim();
            } catch (IOException e2) {
                return "unknown executable";
            }
        }
    }
}
