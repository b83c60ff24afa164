package org.netreeve.dns.policy;

/** Where the resolver that produced an answer sits; rebinding protection depends on it. */
public enum ResolverScope {
    /** An internet resolver: must never answer with LAN or localhost addresses. */
    GLOBAL,
    /** A resolver on the local network or host (router, system resolver): must never answer with localhost. */
    LOCAL,
    /** Synthesized by Netreeve itself (for example {@code *.localhost}). */
    INTERNAL
}
