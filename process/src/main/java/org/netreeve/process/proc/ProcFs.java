package org.netreeve.process.proc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the files of a proc filesystem. The root is a parameter so tests can build a fake
 * {@code /proc} tree in a temporary directory.
 *
 * <p>Methods throw {@link java.nio.file.NoSuchFileException} when the process is gone and
 * {@link java.nio.file.AccessDeniedException} when it belongs to someone else and we are not
 * root; other IOExceptions are unexpected. Stateless and thread-safe. The calls made per
 * process and per descriptor go through {@link NativeFiles}, the rest through java.io.
 *
 * <p>What may block: reading {@code cmdline} takes the target's memory-map lock, which a process
 * stuck in the kernel can hold for a long time; the other files read here do not. Callers
 * that must not hang run {@link #cmdline} where a stuck thread does no harm.
 */
public final class ProcFs {

  private static final String DELETED = " (deleted)";
  private static final String SOCKET_PREFIX = "socket:[";

  private final Path root;
  private final File rootFile;
  private final byte[] rootBytes;

  public ProcFs(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    this.rootFile = root.toFile();
    this.rootBytes = root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The machine's /proc. */
  public static ProcFs system() {
    return new ProcFs(Path.of("/proc"));
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

  /** /proc/PID/stat. */
  public ProcStat stat(int pid) throws IOException {
    byte[] path = path(pid, "/stat");
    return ProcStat.parse(NativeFiles.pathString(path), NativeFiles.readAll(path, 512));
  }

  /**
   * The executable's path from the /proc/PID/exe link, without the kernel's " (deleted)" suffix
   * for a binary that was removed or replaced after the process started; "" for kernel threads
   * and for processes whose exe we may not read.
   *
   * @throws NoSuchFileException when the process is gone
   */
  public String exe(int pid) throws IOException {
    byte[] path = path(pid, "/exe");
    // JNA copies the whole array in and out: try a size that fits nearly every path first.
    byte[] target = new byte[256];
    int length = NativeFiles.readLink(path, target);
    if (length == NativeFiles.TOO_LONG) {
      target = new byte[4096];
      length = NativeFiles.readLink(path, target);
    }
    if (length < 0) {
      // Kernel threads and zombies have no exe link while their directory exists; another
      // user's process hides it from a non-root reader.
      if (ownerUid(pid) >= 0) {
        return "";
      }
      throw new NoSuchFileException(root + "/" + pid);
    }
    String exe = new String(target, 0, length, StandardCharsets.UTF_8);
    return exe.endsWith(DELETED) ? exe.substring(0, exe.length() - DELETED.length()) : exe;
  }

  /** The arguments from /proc/PID/cmdline (NUL-separated); empty for kernel threads. */
  public List<String> cmdline(int pid) throws IOException {
    return splitCmdline(NativeFiles.readAll(path(pid, "/cmdline"), 512));
  }

  /** The effective uid: the second number of the "Uid:" line of /proc/PID/status. */
  public int effectiveUid(int pid) throws IOException {
    byte[] path = path(pid, "/status");
    String status = new String(NativeFiles.readAll(path, 2048), StandardCharsets.UTF_8);
    for (String line : status.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring(4).trim().split("\\s+");
        if (ids.length >= 2) {
          try {
            return Integer.parseInt(ids[1]);
          } catch (NumberFormatException e) {
            break;
          }
        }
      }
    }
    throw new IllegalArgumentException(NativeFiles.pathString(path)
        + ": no \"Uid:\" line with an effective uid");
  }

  /** /proc/PID/cgroup, parsed. */
  public Cgroup cgroup(int pid) throws IOException {
    return Cgroup.parse(new String(NativeFiles.readAll(path(pid, "/cgroup"), 512),
        StandardCharsets.UTF_8));
  }

  /**
   * The owner of /proc/PID, which is the process's effective uid (root for processes that are
   * not dumpable, such as setuid programs). Cheaper than reading status; used to order scans.
   * -1 when the process is gone.
   */
  public int ownerUid(int pid) {
    return NativeFiles.ownerUid(path(pid, ""));
  }

  /**
   * Walks the socket descriptors of a process.
   *
   * @return false when the descriptor table could not be read (gone, or not ours to read)
   */
  public boolean visitSockets(int pid, SocketVisitor visitor) {
    byte[] dir = path(pid, "/fd/");
    String[] fds = new File(NativeFiles.pathString(dir)).list();
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
      int length = NativeFiles.readLink(link, target);
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
    return socketInode(target, NativeFiles.readLink(link, target)) == inode;
  }

  /** "ROOT/PID" + suffix (ASCII) as a NUL-terminated byte array. */
  private byte[] path(int pid, String suffix) {
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
  static long socketInode(byte[] target, int length) {
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
  static int parsePid(String name) {
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

  /** NUL-separated arguments; a trailing NUL ends the last one rather than adding an empty one. */
  static List<String> splitCmdline(byte[] content) {
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == 0) {
        args.add(new String(content, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < content.length) {
      // No trailing NUL: a process that rewrote its argv (setproctitle) often leaves it out.
      args.add(new String(content, start, content.length - start, StandardCharsets.UTF_8));
    }
    return args;
  }
}
