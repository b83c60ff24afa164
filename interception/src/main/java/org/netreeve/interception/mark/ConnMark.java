package org.netreeve.interception.mark;

/**
 * The packet and connection marks of the kernel integration. A verdict accepts the packet with one
 * of these marks; the filter chain C17 then accepts, rejects or drops it, and saves the permanent
 * ones (171x) into the connection so that later packets skip user space.
 */
public enum ConnMark {
    /** Accept this packet; the next packet of the connection is queued again. */
    ACCEPT(1700, false),
    /** Reject this packet with an ICMP "prohibited" error. */
    BLOCK(1701, false),
    /** Drop this packet silently. */
    DROP(1702, false),
    /** Accept the whole connection in the kernel from now on. */
    PERMANENT_ACCEPT(1710, true),
    /** Reject the whole connection in the kernel from now on. */
    PERMANENT_BLOCK(1711, true),
    /** Drop the whole connection in the kernel from now on. */
    PERMANENT_DROP(1712, true),
    /** Reroute the connection to the local tunnel entry point (DNAT in nat OUTPUT). */
    REROUTE_TO_TUNNEL(1717, true),
    /** Reroute a DNS query sent elsewhere to the local nameserver (DNAT in nat OUTPUT). */
    REROUTE_TO_NAMESERVER(1799, true);

    private final int value;
    private final boolean permanent;

    ConnMark(int value, boolean permanent) {
        this.value = value;
        this.permanent = permanent;
    }

    /** The numeric mark as written into iptables rules and verdicts. */
    public int value() {
        return value;
    }

    /** Whether C17 saves this mark into the connection, so later packets never reach user space. */
    public boolean permanent() {
        return permanent;
    }

    /** The mark with this numeric value, or null if it is none of the product's marks. */
    public static ConnMark ofValue(int value) {
        for (ConnMark mark : values()) {
            if (mark.value == value) {
                return mark;
            }
        }
        return null;
    }
}
