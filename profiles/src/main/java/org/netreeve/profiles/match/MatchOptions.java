package org.netreeve.profiles.match;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.netreeve.process.ProcessInfo;

/**
 * What matching needs from the machine, injectable so tests and offline dry-runs control it.
 *
 * @param fileExists whether a path built by a framework exists (skipped for virtual frameworks);
 *                   must be thread-safe
 * @param selfPid    Netreeve's own pid (the "self" special), or -1 for none
 * @param isKernel   whether a process stands for the kernel (the "kernel" special)
 * @param realPath   maps a profile path to its canonical form (symlinks resolved) so that a profile
 *                   written for /usr/bin/python3 also matches the /usr/bin/python3.11 that
 *                   /proc reports; applied once when the index is built
 */
public record MatchOptions(Predicate<String> fileExists, long selfPid, Predicate<ProcessInfo> isKernel,
    UnaryOperator<String> realPath) {

  public MatchOptions {
    Objects.requireNonNull(fileExists, "fileExists");
    Objects.requireNonNull(isKernel, "isKernel");
    Objects.requireNonNull(realPath, "realPath");
  }

  /**
   * For the daemon: real file checks, this JVM's pid as "self", pid 0 as the kernel, symlinks of
   * profile paths resolved.
   */
  public static MatchOptions live() {
    return new MatchOptions(MatchOptions::exists, ProcessHandle.current().pid(),
        p -> p.pid() == 0, MatchOptions::realPathOrSame);
  }

  /**
   * For dry-runs and tests: every built path exists, no process is "self", pid 0 is the kernel,
   * profile paths are taken as written.
   */
  public static MatchOptions offline() {
    return new MatchOptions(p -> true, -1, p -> p.pid() == 0, UnaryOperator.identity());
  }

  public MatchOptions withFileExists(Predicate<String> fileExists) {
    return new MatchOptions(fileExists, selfPid, isKernel, realPath);
  }

  public MatchOptions withSelfPid(long selfPid) {
    return new MatchOptions(fileExists, selfPid, isKernel, realPath);
  }

  public MatchOptions withKernel(Predicate<ProcessInfo> isKernel) {
    return new MatchOptions(fileExists, selfPid, isKernel, realPath);
  }

  public MatchOptions withRealPath(UnaryOperator<String> realPath) {
    return new MatchOptions(fileExists, selfPid, isKernel, realPath);
  }

  private static boolean exists(String path) {
    try {
      return Files.exists(Path.of(path));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static String realPathOrSame(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException | InvalidPathException | SecurityException e) {
      return path;
    }
  }
}
