package org.netreeve.dns.routing;

/** Where a query goes. */
public enum Route {
    /** The internet upstreams. */
    INTERNET,
    /** The local (system or LAN) resolvers only, never an internet upstream. */
    LOCAL,
    /** {@code localhost} and {@code *.localhost}: answered with loopback addresses by Netreeve (RFC 6761). */
    LOCALHOST,
    /** {@code use-application-dns.net}: always NXDOMAIN, telling browsers not to switch to their own DoH. */
    CANARY
}
