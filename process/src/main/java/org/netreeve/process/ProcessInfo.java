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

  /**
   * The owner of packets that no process sent: kernel-generated ICMP errors and TCP resets,
   * time-wait sockets, sockets the kernel opened for itself, and inbound packets that no socket
   * will receive. It has pid 0, the kernel's own, and uid 0.
   */
  public static final ProcessInfo KERNEL =
      new ProcessInfo(0, 0, 0, "", "", List.of(), 0, "root", List.of(), "", "");

  /**
   * A connection whose process could not be found but whose user is known (from the socket or
   * the packet). It is still {@link #isUnknown() unknown}: only the uid and user are set.
   */
  public static ProcessInfo ofUid(int uid, String user) {
    return new ProcessInfo(-1, -1, 0, "", "", List.of(), uid, user, List.of(), "", "");
  }

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

  /** True for {@link #KERNEL}: the kernel itself owns the connection. */
  public boolean isKernel() {
    return pid == 0;
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
    if (isKernel()) {
      return "kernel";
    }
    if (isUnknown()) {
      return uid >= 0 ? "unidentified process of user " + user : "unidentified process";
    }
    return "pid " + pid + " " + exe;
  }

  /**
   * The executable's path under the name rules use: {@code ProcessInfo(executable == "/usr/bin/curl")}.
   * (Drools 10.2 cannot compile constraints on a property called {@code exe}.)
   */
  public String getExecutable() {
    return exe;
  }

  /**
   * Hashes the identity (pid, start time, executable) only: processes are map keys on the packet
   * path, and the generated hash would walk the arguments and every parent each time. Equality
   * still compares every component.
   */
  @Override
  public int hashCode() {
    return (31 * (31 * pid + Long.hashCode(startTime))) + exe.hashCode();
  }
}
