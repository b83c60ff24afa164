package org.netreeve.dns.fakes;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.policy.ResolvedAddress;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.policy.ResolverScope;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * A policy for the DNS module's own tests, standing in for the firewall's rule base: every query
 * is allowed and unattributed, and answers that cross the rebinding horizon (an internet
 * resolver answering with local-network or this host's addresses; a local resolver with this
 * host's) lose those addresses, so the tests can watch the module apply an "allow only"
 * decision. Subclass it to block particular names.
 */
public class PermissivePolicy implements QueryPolicy {

    @Override
    public BeforeResolveDecision beforeResolve(QueryContext query) {
        return BeforeResolveDecision.allow("test policy allows every query", null);
    }

    @Override
    public AfterResolveDecision afterResolve(QueryContext query, ResolvedAnswer answer) {
        Set<InetAddress> keep = new LinkedHashSet<>();
        Set<InetAddress> bad = new LinkedHashSet<>();
        for (ResolvedAddress a : answer.addresses()) {
            (crosses(answer.resolver().scope(), a.address()) ? bad : keep).add(a.address());
        }
        if (bad.isEmpty()) {
            return AfterResolveDecision.allow("test policy allows every answer");
        }
        String reason = "rebinding protection: " + answer.resolver().name() + " answered " + bad;
        return keep.isEmpty() ? AfterResolveDecision.block(null, reason) : AfterResolveDecision.allowOnly(keep, reason);
    }

    private static boolean crosses(ResolverScope resolver, InetAddress address) {
        Scope scope = ScopeClassifier.DEFAULT.classify(address);
        // 0.0.0.0/8 and :: reach this host too.
        boolean thisHost = scope == Scope.LOCALHOST || address.isAnyLocalAddress() || address.getAddress()[0] == 0
            && address.getAddress().length == 4;
        return switch (resolver) {
            case GLOBAL -> scope == Scope.LAN || thisHost;
            case LOCAL -> thisHost;
            case INTERNAL -> false;
        };
    }
}
