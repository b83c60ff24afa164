package org.netreeve.interception.iptables;

/** An address family with its tools and the differences of its rules. */
public enum IpFamily {
    IPV4("iptables", "icmp-host-prohibited", 17040, 17140),
    IPV6("ip6tables", "icmp6-adm-prohibited", 17060, 17160);

    private final String tool;
    private final String rejectWith;
    private final int outboundQueue;
    private final int inboundQueue;

    IpFamily(String tool, String rejectWith, int outboundQueue, int inboundQueue) {
        this.tool = tool;
        this.rejectWith = rejectWith;
        this.outboundQueue = outboundQueue;
        this.inboundQueue = inboundQueue;
    }

    /** "iptables" or "ip6tables". */
    public String tool() {
        return tool;
    }

    public String restoreTool() {
        return tool + "-restore";
    }

    public String saveTool() {
        return tool + "-save";
    }

    /** The ICMP error a REJECT rule sends. */
    public String rejectWith() {
        return rejectWith;
    }

    public int outboundQueue() {
        return outboundQueue;
    }

    public int inboundQueue() {
        return inboundQueue;
    }
}
