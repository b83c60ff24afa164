package org.netreeve.process;

import java.util.List;
import java.util.Objects;

/**
 * What Netreeve knows about the process that owns a connection.
 *
 * <p>A process is identified by {@code (pid, startTime)}: PIDs are reused, the pair is not.
 * {@code parents} holds the ancestors, nearest first (parent, grandparent, ...), each without
 * its own parents, so the chain is flat and cheap to carry in facts and audit records.
 *
 * @param pid        process id, or -1 when unknown
 * @param ppid       parent process id, or -1 when unknown
 * @param startTime  start time in clock ticks since boot (field 22 of /proc/PID/stat), 0 when unknown
 * @param exe        absolute path of the executable (/proc/PID/exe), "" when unknown
 * @param cmdline    the command line, arguments separated by single spaces, "" when unknown
 * @param args       the command line as separate arguments
 * @param uid        the effective user id, or -1 when unknown
 * @param user       the user name for {@code uid}, or the uid as text when it has no name
 * @param parents    ancestors, nearest first
 * @param cgroup     the process's cgroup path (v2 unified path), "" when unknown
 * @param container  the container id or name the cgroup implies, "" when not in a container
 */
public record ProcessInfo(
    int pid,
    int ppid,
    long startTime,
    String exe,
    String cmdline,
    List<String> args,
    int uid,
    String user,
    List<ProcessInfo> parents,
    String cgroup,
    String container) {

  /** The process of an unidentified connection. */
  public static final ProcessInfo UNKNOWN =
      new ProcessInfo(-1, -1, 0, "", "", List.of(), -1, "", List.of(), "", "");

  public ProcessInfo {
    Objects.requireNonNull(exe, "exe");
    Objects.requireNonNull(cmdline, "cmdline");
    args = List.copyOf(args);
    Objects.requireNonNull(user, "user");
    parents = List.copyOf(parents);
    Objects.requireNonNull(cgroup, "cgroup");
    Objects.requireNonNull(container, "container");
  }

  /** True when nothing about the owner could be found. */
  public boolean isUnknown() {
    return pid < 0 && exe.isEmpty();
  }

  /** The ancestor {@code level} steps up (1 = parent), or null when the chain is shorter. */
  public ProcessInfo ancestor(int level) {
    if (level <= 0) {
      return this;
    }
    return level <= parents.size() ? parents.get(level - 1) : null;
  }

  /** A short description for logs: "pid 123 /usr/bin/curl". */
  public String describe() {
    return isUnknown() ? "unidentified process" : "pid " + pid + " " + exe;
  }
}
