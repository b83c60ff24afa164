package org.netreeve.process.fakes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A /proc tree in a directory: pid directories with stat, status, cmdline, cgroup, an exe link
 * and fd links ("socket:[inode]" or file paths), written the way the kernel formats them.
 */
public final class FakeProc {

  private final Path root;

  public FakeProc(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Starts describing process {@code pid}. */
  public Process process(int pid) {
    return new Process(root.resolve(Integer.toString(pid)), pid);
  }

  /** One fake process; every setter writes its file at once. */
  public static final class Process {
    private final Path dir;
    private final int pid;

    Process(Path dir, int pid) {
      this.dir = dir;
      this.pid = pid;
      try {
        Files.createDirectories(dir.resolve("fd"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** /proc/PID/stat with the given comm, parent and start time (other fields plausible). */
    public Process stat(String comm, int ppid, long startTime) {
      return write("stat", pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid
          + " 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 " + startTime
          + " 10000000 500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
    }

    public Process statRaw(String content) {
      return write("stat", content);
    }

    /** /proc/PID/status with real, effective, saved and fs uid. */
    public Process uids(int real, int effective) {
      return write("status", "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t" + pid
          + "\nPid:\t" + pid + "\nPPid:\t1\nUid:\t" + real + "\t" + effective + "\t" + effective
          + "\t" + effective + "\nGid:\t0\t0\t0\t0\n");
    }

    /** /proc/PID/cmdline: arguments each followed by NUL, as the kernel writes them. */
    public Process cmdline(String... args) {
      StringBuilder b = new StringBuilder();
      for (String arg : args) {
        b.append(arg).append('\0');
      }
      return write("cmdline", b.toString());
    }

    public Process cgroup(String content) {
      return write("cgroup", content);
    }

    /** The exe link, pointing at {@code target} (which need not exist). */
    public Process exe(String target) {
      return link(dir.resolve("exe"), target);
    }

    /** fd/N → socket:[inode]. */
    public Process socket(int fd, long inode) {
      return link(dir.resolve("fd").resolve(Integer.toString(fd)), "socket:[" + inode + "]");
    }

    /** fd/N → a file. */
    public Process file(int fd, String target) {
      return link(dir.resolve("fd").resolve(Integer.toString(fd)), target);
    }

    public Process closeFd(int fd) {
      try {
        Files.deleteIfExists(dir.resolve("fd").resolve(Integer.toString(fd)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** A complete ordinary process. */
    public Process typical(String exe, int ppid, long startTime, int uid, String... args) {
      String comm = Path.of(exe).getFileName().toString();
      return stat(comm.length() > 15 ? comm.substring(0, 15) : comm, ppid, startTime)
          .uids(uid, uid).cmdline(args).cgroup("0::/user.slice/session-1.scope\n").exe(exe);
    }

    private Process write(String name, String content) {
      try {
        Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private Process link(Path link, String target) {
      try {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(target));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    public Path dir() {
      return dir;
    }

    /** Removes the process (it exited). */
    public void remove() {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
