package org.netreeve.dns.policy;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Horizon checks against DNS rebinding: an internet resolver has no business answering with addresses of
 * the local network or of this host, and a local resolver has none answering with this host.
 * Answers synthesized by Netreeve itself are exempt.
 */
public final class RebindingProtection {

    private RebindingProtection() {
    }

    /** Whether an address answered by a resolver of this scope crosses the horizon. */
    public static boolean violates(ResolverScope resolver, InetAddress address) {
        AddressScope scope = AddressScope.of(address);
        switch (resolver) {
            case GLOBAL:
                return scope == AddressScope.LOCALHOST || scope == AddressScope.LAN;
            case LOCAL:
                return scope == AddressScope.LOCALHOST;
            default:
                return false;
        }
    }

    /** The addresses of the answer that must be removed. */
    public static Set<InetAddress> violations(ResolvedAnswer answer) {
        if (answer.resolver().scope() == ResolverScope.INTERNAL || answer.addresses().isEmpty()) {
            return Set.of();
        }
        Set<InetAddress> bad = null;
        for (ResolvedAddress a : answer.addresses()) {
            if (violates(answer.resolver().scope(), a.address())) {
                if (bad == null) {
                    bad = new LinkedHashSet<>();
                }
                bad.add(a.address());
            }
        }
        return bad == null ? Set.of() : bad;
    }
}
