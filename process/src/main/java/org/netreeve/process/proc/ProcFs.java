package org.netreeve.process.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.netreeve.net.proc.ProcFiles;
import org.netreeve.net.proc.ProcSockets;

/**
 * Reads the files of a proc filesystem. The root is a parameter so tests can build a fake
 * {@code /proc} tree in a temporary directory.
 *
 * <p>Methods throw {@link java.nio.file.NoSuchFileException} when the process is gone and
 * {@link java.nio.file.AccessDeniedException} when it belongs to someone else and we are not
 * root; other IOExceptions are unexpected. Stateless and thread-safe. The calls made per
 * process and per descriptor go through {@link ProcFiles}, the rest through java.io.
 *
 * <p>What may block: reading {@code cmdline} takes the target's memory-map lock, which a process
 * stuck in the kernel can hold for a long time; the other files read here do not. Callers
 * that must not hang run {@link #cmdline} where a stuck thread does no harm.
 */
public final class ProcFs {

  private static final String DELETED = " (deleted)";

  private final Path root;
  private final ProcSockets sockets;

  public ProcFs(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    this.sockets = new ProcSockets(root);
  }

  /** The machine's /proc. */
  public static ProcFs system() {
    return new ProcFs(Path.of("/proc"));
  }

  public Path root() {
    return root;
  }

  /** The sockets of the same proc filesystem: pids, socket descriptors, owners. */
  public ProcSockets sockets() {
    return sockets;
  }

  private byte[] path(int pid, String suffix) {
    return sockets.path(pid, suffix);
  }

  /** /proc/PID/stat. */
  public ProcStat stat(int pid) throws IOException {
    byte[] path = path(pid, "/stat");
    return ProcStat.parse(ProcFiles.pathString(path), ProcFiles.readAll(path, 512));
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
    int length = ProcFiles.readLink(path, target);
    if (length == ProcFiles.TOO_LONG) {
      target = new byte[4096];
      length = ProcFiles.readLink(path, target);
    }
    if (length < 0) {
      // Kernel threads and zombies have no exe link while their directory exists; another
      // user's process hides it from a non-root reader.
      if (sockets.ownerUid(pid) >= 0) {
        return "";
      }
      throw new NoSuchFileException(root + "/" + pid);
    }
    String exe = new String(target, 0, length, StandardCharsets.UTF_8);
    return exe.endsWith(DELETED) ? exe.substring(0, exe.length() - DELETED.length()) : exe;
  }

  /** The arguments from /proc/PID/cmdline (NUL-separated); empty for kernel threads. */
  public List<String> cmdline(int pid) throws IOException {
    return splitCmdline(ProcFiles.readAll(path(pid, "/cmdline"), 512));
  }

  /** The effective uid: the second number of the "Uid:" line of /proc/PID/status. */
  public int effectiveUid(int pid) throws IOException {
    byte[] path = path(pid, "/status");
    String status = new String(ProcFiles.readAll(path, 2048), StandardCharsets.UTF_8);
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
    throw new IllegalArgumentException(ProcFiles.pathString(path)
        + ": no \"Uid:\" line with an effective uid");
  }

  /** /proc/PID/cgroup, parsed. */
  public Cgroup cgroup(int pid) throws IOException {
    return Cgroup.parse(new String(ProcFiles.readAll(path(pid, "/cgroup"), 512),
        StandardCharsets.UTF_8));
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
