package org.netreeve.process;

import java.util.Objects;

/**
 * The result of attributing one connection: the process, and how far attribution got.
 *
 * @param process   the owner; {@link ProcessInfo#KERNEL}, {@link ProcessInfo#UNKNOWN} or a
 *                  uid-only ProcessInfo when no process was found
 * @param outcome   which of those it is
 * @param reason    why, in words for logs and audit records ("socket owner", "no socket", ...)
 * @param inode     the socket's inode, 0 when no socket with an owner was found
 * @param socketUid the socket's uid from the kernel, -1 when no socket was found
 * @param nanos     the time attribution took
 */
public record Attribution(
    ProcessInfo process, Outcome outcome, String reason, long inode, int socketUid, long nanos) {

  /** How far attribution got. */
  public enum Outcome {
    /** The owning process was found. */
    PROCESS,
    /** The socket (or packet) told the user, but no process could be found in time. */
    UID_ONLY,
    /** No process sent or will receive this: the kernel owns it. */
    KERNEL,
    /** Nothing is known (the socket lookup itself failed). */
    UNKNOWN
  }

  public Attribution {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  Attribution withNanos(long elapsed) {
    return new Attribution(process, outcome, reason, inode, socketUid, elapsed);
  }
}
