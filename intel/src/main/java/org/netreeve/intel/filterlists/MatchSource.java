package org.netreeve.intel.filterlists;

/** Which name of a connection matched a list entry. */
public enum MatchSource {
    /** The domain the application asked for. */
    DOMAIN,
    /** A name in the CNAME chain of that domain (CNAME cloaking). */
    CNAME,
    /** The remote IP address. */
    IP
}
