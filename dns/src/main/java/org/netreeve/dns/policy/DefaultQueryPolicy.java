package org.netreeve.dns.policy;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The policy of a nameserver without a firewall behind it: every query is allowed and unattributed,
 * but answers that cross the rebinding horizon lose the offending addresses (and are answered per the
 * block style when none remain). The canary {@code use-application-dns.net} is answered NXDOMAIN by the
 * resolver itself for every policy, this one included. Stateless and thread-safe; subclass it in tests
 * to block particular names while keeping the rebinding checks.
 */
public class DefaultQueryPolicy implements QueryPolicy {

    private static final BeforeResolveDecision ALLOW_QUERY =
            BeforeResolveDecision.allow("default policy allows every query", null);
    private static final AfterResolveDecision ALLOW_ANSWER =
            AfterResolveDecision.allow("default policy allows every answer");

    @Override
    public BeforeResolveDecision beforeResolve(QueryContext query) {
        return ALLOW_QUERY;
    }

    @Override
    public AfterResolveDecision afterResolve(QueryContext query, ResolvedAnswer answer) {
        Set<InetAddress> bad = RebindingProtection.violations(answer);
        if (bad.isEmpty()) {
            return ALLOW_ANSWER;
        }
        Set<InetAddress> keep = new LinkedHashSet<>(answer.addressList());
        keep.removeAll(bad);
        String reason = "rebinding protection: " + answer.resolver().scope().name().toLowerCase()
                + " resolver " + answer.resolver().name() + " answered " + describe(bad);
        if (keep.isEmpty()) {
            return AfterResolveDecision.block(null, reason);
        }
        return AfterResolveDecision.allowOnly(keep, reason);
    }

    private static String describe(Set<InetAddress> addresses) {
        StringBuilder sb = new StringBuilder();
        for (InetAddress a : addresses) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(a.getHostAddress()).append(" (").append(AddressScope.of(a).name().toLowerCase()).append(')');
        }
        return sb.toString();
    }
}
