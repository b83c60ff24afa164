package org.netreeve.interception.packet;

/** Which way a connection was opened, seen from this host. */
public enum Direction {
    /** Opened by a local process (queued in mangle OUTPUT). */
    OUTBOUND,
    /** Opened by a remote peer towards a local listener (queued in mangle INPUT). */
    INBOUND
}
