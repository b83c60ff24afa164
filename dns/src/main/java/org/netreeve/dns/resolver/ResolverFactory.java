package org.netreeve.dns.resolver;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.netreeve.dns.cache.DnsCache;
import org.netreeve.dns.config.DnsConfig;
import org.netreeve.dns.memory.DomainMemory;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.routing.NameRouter;
import org.netreeve.dns.upstream.UpstreamSet;

/** Assembles a {@link DnsResolver} from configuration and its collaborators. */
public final class ResolverFactory {

    private ResolverFactory() {
    }

    /**
     * @param finisher where queries whose upstream answered are finished (the after-resolve stage runs there)
     */
    public static DnsResolver create(DnsConfig config, QueryPolicy policy, NameRouter router, DnsCache cache,
                                     DomainMemory memory, UpstreamSet internet, UpstreamSet local, Clock clock,
                                     Executor finisher) {
        AnswerFactory answers = new AnswerFactory(config.cache().minTtl(), config.cache().maxTtl(),
                config.cache().negativeMaxTtl(), config.blockedTtl());
        return new DnsResolver(policy, router, cache, memory, internet, local, answers, config.blockStyle(),
                config.server().ednsUdpSize(), clock, finisher);
    }
}
