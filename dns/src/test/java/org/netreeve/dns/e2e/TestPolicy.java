package org.netreeve.dns.e2e;

import java.util.Map;
import java.util.Set;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.dns.fakes.PermissivePolicy;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.ResolvedAnswer;

/**
 * A policy for end-to-end tests: blocks listed names with a given style before resolving, blocks answers whose
 * CNAME chain passes a listed name (cloaking), attributes every query to a fixed token, and keeps the default
 * rebinding protection.
 */
public final class TestPolicy extends PermissivePolicy {

    private final Map<String, BlockStyle> blocked;
    private final Set<String> blockedInChain;
    private final String token;

    public TestPolicy(Map<String, BlockStyle> blocked, Set<String> blockedInChain, String token) {
        this.blocked = Map.copyOf(blocked);
        this.blockedInChain = Set.copyOf(blockedInChain);
        this.token = token;
    }

    @Override
    public BeforeResolveDecision beforeResolve(QueryContext query) {
        BlockStyle style = blocked.get(query.qname());
        if (style != null) {
            return BeforeResolveDecision.block(style, "test policy blocks " + query.qname(), token);
        }
        if (blockedInChain.contains(query.qname())) {
            return BeforeResolveDecision.block(null, "test policy blocks " + query.qname(), token);
        }
        return BeforeResolveDecision.allow("test policy allows " + query.qname(), token);
    }

    @Override
    public AfterResolveDecision afterResolve(QueryContext query, ResolvedAnswer answer) {
        for (String name : answer.cnameChain()) {
            if (blockedInChain.contains(name)) {
                return AfterResolveDecision.block(null, "CNAME cloaking: " + query.qname() + " leads to " + name);
            }
        }
        return super.afterResolve(query, answer);
    }
}
