package org.netreeve.dns.resolver;

/** How a query ended. */
public enum Outcome {
    /** Answered as resolved. */
    ANSWERED,
    /** Answered with some addresses removed by the after-resolve stage. */
    ANSWERED_FILTERED,
    /** Blocked at the before-resolve stage; nothing was resolved. */
    BLOCKED_BEFORE_RESOLVE,
    /** Blocked at the after-resolve stage, or every address was removed. */
    BLOCKED_AFTER_RESOLVE,
    /** The {@code use-application-dns.net} canary, always NXDOMAIN. */
    CANARY,
    /** A local name with no local resolver configured: NXDOMAIN rather than leaking it to the internet. */
    NO_LOCAL_RESOLVER,
    /** No upstream answered, or the policy failed: SERVFAIL. */
    FAILED
}
