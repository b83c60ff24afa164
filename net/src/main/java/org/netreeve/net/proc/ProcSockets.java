package org.netreeve.net.proc;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.netreeve.net.IpProtocol;

/**
 * The sockets of a proc filesystem: which processes exist, which socket inodes each holds in
 * /proc/PID/fd, and which sockets /proc/net lists on a local address. Attribution builds its
 * cached, deadline-bounded search on these calls; a "port in use" message uses the plain scan.
 * The root is a parameter so tests can build a fake {@code /proc} tree in a temporary directory.
 *
 * <p>Stateless and thread-safe. The calls made per process and per descriptor go through
 * {@link ProcFiles}, the rest through java.io.
 */
public final class ProcSockets {

  private static final String SOCKET_PREFIX = "socket:[";
  private static final String TCP_LISTEN = "0A";

  private final Path root;
  private final File rootFile;
  private final byte[] rootBytes;

  public ProcSockets(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    this.rootFile = root.toFile();
    this.rootBytes = root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The machine's /proc. */
  public static ProcSockets system() {
    return new ProcSockets(Path.of("/proc"));
  }

  public Path root() {
    return root;
  }

  /** Receives the socket descriptors of a process, one call per socket. */
  @FunctionalInterface
  public interface SocketVisitor {
    /**
     * @param fd    the descriptor number
     * @param inode the socket's inode
     * @return false to stop the walk
     */
    boolean visit(int fd, long inode);
  }

  /** The pids of all processes (not threads), highest first: new processes come first. */
  public int[] pids() {
    String[] names = rootFile.list();
    if (names == null) {
      return new int[0];
    }
    int[] pids = new int[names.length];
    int count = 0;
    for (String name : names) {
      int pid = parsePid(name);
      if (pid > 0) {
        pids[count++] = pid;
      }
    }
    pids = Arrays.copyOf(pids, count);
    Arrays.sort(pids);
    for (int i = 0, j = count - 1; i < j; i++, j--) {
      int t = pids[i];
      pids[i] = pids[j];
      pids[j] = t;
    }
    return pids;
  }


  /**
   * The owner of /proc/PID, which is the process's effective uid (root for processes that are
   * not dumpable, such as setuid programs). Cheaper than reading status; used to order scans.
   * -1 when the process is gone.
   */
  public int ownerUid(int pid) {
    return ProcFiles.ownerUid(path(pid, ""));
  }

  /**
   * Walks the socket descriptors of a process.
   *
   * @return false when the descriptor table could not be read (gone, or not ours to read)
   */
  public boolean visitSockets(int pid, SocketVisitor visitor) {
    byte[] dir = path(pid, "/fd/");
    String[] fds = new File(ProcFiles.pathString(dir)).list();
    if (fds == null) {
      return false;
    }
    int prefix = dir.length - 1;
    byte[] link = Arrays.copyOf(dir, prefix + 11);
    byte[] target = new byte[32];
    for (String name : fds) {
      int fd = parsePid(name);
      if (fd < 0) {
        continue;
      }
      int end = writeDecimal(link, prefix, fd);
      link[end] = 0;
      int length = ProcFiles.readLink(link, target);
      long inode = socketInode(target, length);
      if (inode > 0 && !visitor.visit(fd, inode)) {
        break;
      }
    }
    return true;
  }

  /** True when descriptor {@code fd} of {@code pid} is the socket with {@code inode}. */
  public boolean holdsSocket(int pid, int fd, long inode) {
    byte[] dir = path(pid, "/fd/");
    byte[] link = Arrays.copyOf(dir, dir.length + 10);
    link[writeDecimal(link, dir.length - 1, fd)] = 0;
    byte[] target = new byte[32];
    return socketInode(target, ProcFiles.readLink(link, target)) == inode;
  }

  /**
   * The first process (newest first) that holds any of {@code inodes}, by a full scan; -1 when
   * none does or the holders are not ours to look at.
   */
  public int findOwner(Set<Long> inodes) {
    if (inodes.isEmpty()) {
      return -1;
    }
    for (int pid : pids()) {
      boolean[] found = {false};
      visitSockets(pid, (fd, inode) -> {
        found[0] = inodes.contains(inode);
        return !found[0];
      });
      if (found[0]) {
        return pid;
      }
    }
    return -1;
  }

  /**
   * The inodes of the sockets /proc/net lists on {@code address} (TCP listeners, or UDP sockets),
   * IPv4 and IPv6 tables both, wildcard binds included.
   *
   * @param protocol {@link IpProtocol#TCP} or {@link IpProtocol#UDP}
   */
  public Set<Long> boundInodes(int protocol, InetSocketAddress address) {
    String base = protocol == IpProtocol.TCP ? "tcp" : "udp";
    Set<Long> inodes = new HashSet<>();
    for (String table : List.of(base, base + "6")) {
      try {
        inodes.addAll(boundInodes(Files.readAllLines(root.resolve("net").resolve(table)), protocol, address));
      } catch (IOException e) {
        // no IPv6, or no /proc: nothing to find in this table
      }
    }
    return inodes;
  }

  /** Inodes of sockets in one /proc/net table whose local address covers {@code address}. */
  static Set<Long> boundInodes(List<String> lines, int protocol, InetSocketAddress address) {
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
      if (port != address.getPort()
          || (protocol == IpProtocol.TCP && !TCP_LISTEN.equals(f[3]))
          || !covers(local, address.getAddress())) {
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

  /** Decodes the kernel's hex address in /proc/net: 32-bit words in host byte order. */
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

  /** "ROOT/PID" + suffix (ASCII) as a NUL-terminated byte array, for the calls of {@link ProcFiles}. */
  public byte[] path(int pid, String suffix) {
    int digits = decimalLength(pid);
    byte[] path = new byte[rootBytes.length + 1 + digits + suffix.length() + 1];
    System.arraycopy(rootBytes, 0, path, 0, rootBytes.length);
    path[rootBytes.length] = '/';
    int end = writeDecimal(path, rootBytes.length + 1, pid);
    for (int i = 0; i < suffix.length(); i++) {
      path[end++] = (byte) suffix.charAt(i);
    }
    path[end] = 0;
    return path;
  }

  private static int decimalLength(int value) {
    int length = 1;
    for (int rest = value; rest >= 10; rest /= 10) {
      length++;
    }
    return length;
  }

  /** Writes a non-negative number in decimal at {@code at}; returns the index after it. */
  private static int writeDecimal(byte[] into, int at, int value) {
    int end = at + decimalLength(value);
    int rest = value;
    for (int i = end - 1; i >= at; i--) {
      into[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return end;
  }

  /** The inode in a link target "socket:[12345]" of {@code length} bytes, or -1. */
  public static long socketInode(byte[] target, int length) {
    int prefix = SOCKET_PREFIX.length();
    if (length <= prefix + 1 || target[length - 1] != ']') {
      return -1;
    }
    for (int i = 0; i < prefix; i++) {
      if (target[i] != SOCKET_PREFIX.charAt(i)) {
        return -1;
      }
    }
    long inode = 0;
    for (int i = prefix; i < length - 1; i++) {
      int digit = target[i] - '0';
      if (digit < 0 || digit > 9 || inode > 0xFFFFFFFFL) {
        return -1;
      }
      inode = inode * 10 + digit;
    }
    return inode;
  }

  /** A positive number made only of digits, or -1. */
  public static int parsePid(String name) {
    int length = name.length();
    if (length == 0 || length > 9) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < length; i++) {
      int digit = name.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
