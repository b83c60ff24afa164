package org.netreeve.dns.policy;

import java.util.Locale;

/** How a blocked query is answered. */
public enum BlockStyle {
    /** The name does not exist (rcode 3). */
    NXDOMAIN,
    /** {@code 0.0.0.0} for A, {@code ::} for AAAA, an empty answer (NODATA) for other types. */
    ZERO_ADDRESS,
    /** The server refuses to answer (rcode 5). */
    REFUSED;

    /** Parses the configuration spelling: {@code nxdomain}, {@code zero-address} (or {@code zeroip}), {@code refused}. */
    public static BlockStyle parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "nxdomain": return NXDOMAIN;
            case "zero-address":
            case "zero_address":
            case "zeroip":
            case "zero": return ZERO_ADDRESS;
            case "refused": return REFUSED;
            default: throw new IllegalArgumentException(
                    "expected one of nxdomain, zero-address, refused, got '" + text + "'");
        }
    }

    /** The configuration spelling. */
    public String configName() {
        return this == ZERO_ADDRESS ? "zero-address" : name().toLowerCase(Locale.ROOT);
    }
}
