package org.netreeve.dns.policy;

import java.util.Objects;

/**
 * The answer of the before-resolve stage (domain known, no address yet).
 * Both outcomes carry an opaque attribution token (for example a profile id) that is handed to the
 * after-resolve stage and keys the IP → domain memory; {@code null} means "not attributed"
 * (the memory then keeps only the global entry).
 */
public sealed interface BeforeResolveDecision {

    String reason();

    String attribution();

    /** Resolve the query. */
    record Allow(String reason, String attribution) implements BeforeResolveDecision {
        public Allow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Answer without resolving. {@code style == null} means the configured default block style. */
    record Block(BlockStyle style, String reason, String attribution) implements BeforeResolveDecision {
        public Block {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static BeforeResolveDecision allow(String reason, String attribution) {
        return new Allow(reason, attribution);
    }

    static BeforeResolveDecision block(BlockStyle style, String reason, String attribution) {
        return new Block(style, reason, attribution);
    }
}
