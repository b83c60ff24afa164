package org.netreeve.interception.iptables;

/**
 * One iptables rule: its table, its chain and the match/target part as iptables takes it
 * (e.g. {@code -m mark --mark 1700 -j ACCEPT}).
 */
public record Rule(String table, String chain, String spec) {
    public Rule {
        if (table == null || chain == null || spec == null || table.isBlank() || chain.isBlank() || spec.isBlank()) {
            throw new IllegalArgumentException("rule needs a table, a chain and a spec: " + table + " " + chain + " "
                    + spec);
        }
    }

    /** The arguments after the command for {@code iptables -t TABLE -C|-D CHAIN ...}. */
    public String[] specArguments() {
        return spec.trim().split("\\s+");
    }

    @Override
    public String toString() {
        return "-t " + table + " " + chain + " " + spec;
    }
}
