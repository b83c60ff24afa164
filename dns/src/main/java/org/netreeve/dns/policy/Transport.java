package org.netreeve.dns.policy;

/** How a query reached the nameserver. */
public enum Transport {
    UDP,
    TCP,
    /** Issued through the library API (for example {@code netreeve dns query}), not from a socket. */
    INTERNAL
}
