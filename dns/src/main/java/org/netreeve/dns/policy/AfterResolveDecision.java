package org.netreeve.dns.policy;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/** The answer of the after-resolve stage (addresses, CNAME chain and resolver scope known). */
public sealed interface AfterResolveDecision {

    String reason();

    /** Serve the answer as resolved. */
    record Allow(String reason) implements AfterResolveDecision {
        public Allow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Serve the answer with only these A/AAAA addresses (blocked or out-of-scope ones removed).
     * If none of the answer's addresses remain, the query is answered per the block style.
     */
    record AllowOnly(Set<InetAddress> keep, BlockStyle styleIfEmpty, String reason) implements AfterResolveDecision {
        public AllowOnly {
            keep = Set.copyOf(keep);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Answer per the block style ({@code null}: the configured default). */
    record Block(BlockStyle style, String reason) implements AfterResolveDecision {
        public Block {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static AfterResolveDecision allow(String reason) {
        return new Allow(reason);
    }

    static AfterResolveDecision allowOnly(Set<InetAddress> keep, String reason) {
        return new AllowOnly(keep, null, reason);
    }

    static AfterResolveDecision block(BlockStyle style, String reason) {
        return new Block(style, reason);
    }
}
