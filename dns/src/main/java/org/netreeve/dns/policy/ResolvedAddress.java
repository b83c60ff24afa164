package org.netreeve.dns.policy;

import java.net.InetAddress;
import java.util.Objects;

/** An A or AAAA answer with the TTL the client will see. */
public record ResolvedAddress(InetAddress address, long ttlSeconds) {
    public ResolvedAddress {
        Objects.requireNonNull(address, "address");
        if (ttlSeconds < 0) {
            throw new IllegalArgumentException("negative ttl " + ttlSeconds);
        }
    }
}
