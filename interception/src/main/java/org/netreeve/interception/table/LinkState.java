package org.netreeve.interception.table;

/** Where a link is in its life. */
public enum LinkState {
    /** Seen, not decided yet (e.g. waiting for process attribution). */
    NEW,
    /** Decided per packet: later packets are queued and decided again (marks 1700-1702). */
    DECIDED,
    /** Decided for good and handed to the kernel (marks 1710-1712, 1717, 1799). */
    PERMANENT,
    /** Decided, but kept in user space for a few more packets while inspectors look at it. */
    INSPECTING,
    /** Closed or blocked for good; kept briefly for the monitor, then evicted first. */
    FINISHED
}
