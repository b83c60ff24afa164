package org.netreeve.dns.policy;

import java.util.Objects;

/**
 * The resolver that answered.
 *
 * @param name  the upstream URL as configured (or {@code netreeve} for synthesized answers)
 * @param scope whether it is an internet or a local resolver
 */
public record ResolverInfo(String name, ResolverScope scope) {
    /** Answers Netreeve makes up itself. */
    public static final ResolverInfo INTERNAL = new ResolverInfo("netreeve", ResolverScope.INTERNAL);

    public ResolverInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
    }
}
