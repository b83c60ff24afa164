package org.netreeve.dns.memory;

import java.time.Instant;
import java.util.List;

/**
 * The domain an address was last resolved from.
 *
 * @param domain     the name the application asked for
 * @param cnameChain the CNAME targets between that name and the address
 * @param resolvedAt when the answer was given
 * @param expiresAt  when this memory lapses (answer TTL plus grace)
 * @param match      whether it was found under the asking attribution or only in the global entry
 */
public record RememberedDomain(String domain, List<String> cnameChain, Instant resolvedAt, Instant expiresAt,
                               Match match) {

    /** Where a lookup found its answer. */
    public enum Match {
        /** Resolved by a query with the same attribution token (for example the same profile). */
        ATTRIBUTED,
        /** Resolved by some query, attribution unknown or different. */
        GLOBAL
    }

    public RememberedDomain {
        cnameChain = List.copyOf(cnameChain);
    }
}
