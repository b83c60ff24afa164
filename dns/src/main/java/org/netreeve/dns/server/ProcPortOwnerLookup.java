package org.netreeve.dns.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.netreeve.dns.policy.Transport;

/**
 * Finds a port's owner the way {@code ss -p} does: the socket's inode from /proc/net/{udp,tcp}{,6}, then the
 * process whose /proc/PID/fd holds {@code socket:[inode]}. Only used when binding failed, so it favours
 * simplicity over speed. Processes of other users are invisible without root; then nothing is found.
 */
public final class ProcPortOwnerLookup implements PortOwnerLookup {

    private static final String TCP_LISTEN = "0A";

    private final Path proc;

    public ProcPortOwnerLookup() {
        this(Path.of("/proc"));
    }

    /** @param proc the proc file system root (a directory tree in tests) */
    public ProcPortOwnerLookup(Path proc) {
        this.proc = proc;
    }

    @Override
    public Optional<PortOwner> find(Transport transport, InetSocketAddress address) {
        String base = transport == Transport.TCP ? "tcp" : "udp";
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of(base, base + "6")) {
            try {
                inodes.addAll(inodes(Files.readAllLines(proc.resolve("net").resolve(table)), transport, address));
            } catch (IOException e) {
                // no IPv6, or no /proc: nothing to find in this table
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path pidDir : pids) {
                if (holdsAny(pidDir, inodes)) {
                    long pid = Long.parseLong(pidDir.getFileName().toString());
                    return Optional.of(new PortOwner(pid, executable(pidDir)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Inodes of sockets in one /proc/net table whose local address covers {@code address}. */
    static Set<Long> inodes(List<String> lines, Transport transport, InetSocketAddress address) {
        Set<Long> out = new HashSet<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue;
            }
            int colon = f[1].indexOf(':');
            if (colon < 0) {
                continue;
            }
            int port;
            InetAddress local;
            try {
                port = Integer.parseInt(f[1].substring(colon + 1), 16);
                local = decode(f[1].substring(0, colon));
            } catch (NumberFormatException | UnknownHostException e) {
                continue;
            }
            if (port != address.getPort()) {
                continue;
            }
            if (transport == Transport.TCP && !TCP_LISTEN.equals(f[3])) {
                continue;
            }
            if (!covers(local, address.getAddress())) {
                continue;
            }
            try {
                long inode = Long.parseLong(f[9]);
                if (inode != 0) {
                    out.add(inode);
                }
            } catch (NumberFormatException e) {
                // malformed line
            }
        }
        return out;
    }

    private static boolean covers(InetAddress bound, InetAddress wanted) {
        if (bound.isAnyLocalAddress() || wanted.isAnyLocalAddress()) {
            // A wildcard socket holds the port on every address (an IPv6 one usually for IPv4 too).
            return bound instanceof Inet4Address == wanted instanceof Inet4Address || !(bound instanceof Inet4Address);
        }
        return bound.equals(wanted);
    }

    /** Decodes the kernel's hex address: 32-bit words in host byte order. */
    static InetAddress decode(String hex) throws UnknownHostException {
        int n = hex.length() / 2;
        if ((n != 4 && n != 16) || hex.length() % 2 != 0) {
            throw new UnknownHostException(hex);
        }
        byte[] raw = new byte[n];
        for (int i = 0; i < n; i++) {
            raw[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int w = 0; w < n; w += 4) {
                byte t0 = raw[w];
                byte t1 = raw[w + 1];
                raw[w] = raw[w + 3];
                raw[w + 1] = raw[w + 2];
                raw[w + 2] = t1;
                raw[w + 3] = t0;
            }
        }
        return InetAddress.getByAddress(raw);
    }

    private static boolean holdsAny(Path pidDir, Set<Long> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException | UnsupportedOperationException e) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    try {
                        if (inodes.contains(Long.parseLong(target.substring(8, target.length() - 1)))) {
                            return true;
                        }
                    } catch (NumberFormatException e) {
                        // not a socket inode
                    }
                }
            }
        } catch (IOException e) {
            // process gone or not ours to look at
        }
        return false;
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
