package org.netreeve.dns.resolver;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.netreeve.dns.cache.CacheEntry;
import org.netreeve.dns.cache.CacheKey;
import org.netreeve.dns.cache.DnsCache;
import org.netreeve.dns.memory.DomainMemory;
import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.message.ResponseWriter;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.policy.ResolvedAddress;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.policy.ResolverInfo;
import org.netreeve.dns.routing.NameRouter;
import org.netreeve.dns.routing.Route;
import org.netreeve.dns.upstream.UpstreamSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The path of one query: the canary, the before-resolve stage, routing (internet, local network, localhost),
 * the cache (or one shared upstream request per question), the after-resolve stage, and the memory.
 * The policy is asked for every query, cache hits included.
 *
 * <p>Thread rules: stateless apart from its collaborators, which are thread-safe. A cache hit completes on
 * the calling thread; an upstream answer is finished on the resolver executor, never on an I/O thread.
 */
public final class DnsResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);

    private final QueryPolicy policy;
    private final NameRouter router;
    private final DnsCache cache;
    private final DomainMemory memory;
    private final UpstreamSet internet;
    private final UpstreamSet local;
    private final AnswerFactory answers;
    private final BlockStyle defaultStyle;
    private final int upstreamUdpSize;
    private final java.time.Clock clock;
    private final Executor finisher;

    DnsResolver(QueryPolicy policy, NameRouter router, DnsCache cache, DomainMemory memory, UpstreamSet internet,
                UpstreamSet local, AnswerFactory answers, BlockStyle defaultStyle, int upstreamUdpSize,
                java.time.Clock clock, Executor finisher) {
        this.policy = policy;
        this.router = router;
        this.cache = cache;
        this.memory = memory;
        this.internet = internet;
        this.local = local;
        this.answers = answers;
        this.defaultStyle = defaultStyle;
        this.upstreamUdpSize = upstreamUdpSize;
        this.clock = clock;
        this.finisher = finisher;
    }

    /**
     * Resolves {@code q} for the client in {@code ctx} under {@code policy}; {@code remember} feeds the memory.
     */
    public CompletableFuture<Resolution> resolve(QueryContext ctx, ParsedQuery q, QueryPolicy policy, boolean remember) {
        Route route = router.route(q.qname());
        if (route == Route.CANARY) {
            return done(new Resolution(ctx, route, Outcome.CANARY, null, null, null, false,
                    answers.rcode(q, Rcode.NXDOMAIN), 0, null));
        }
        BeforeResolveDecision before;
        try {
            before = policy.beforeResolve(ctx);
            if (before == null) {
                throw new IllegalStateException("policy returned no before-resolve decision");
            }
        } catch (RuntimeException e) {
            return done(failed(ctx, route, null, q, "before-resolve policy failed: " + e, e));
        }
        if (before instanceof BeforeResolveDecision.Block) {
            BlockStyle style = style(((BeforeResolveDecision.Block) before).style());
            return done(new Resolution(ctx.withAttribution(before.attribution()), route, Outcome.BLOCKED_BEFORE_RESOLVE,
                    before, null, null, false, answers.blocked(q, style, before.reason(), false), 0, null));
        }
        QueryContext attributed = ctx.withAttribution(before.attribution());
        if (route == Route.LOCALHOST) {
            AnswerFactory.Prepared p = answers.localhost(q);
            CacheEntry e = new CacheEntry(p.template(), p.answer(), clock.millis(), 0);
            return done(after(attributed, route, q, before, e, 0, false, policy, remember));
        }
        UpstreamSet set = route == Route.LOCAL ? local : internet;
        if (set.isEmpty()) {
            return done(new Resolution(attributed, route, route == Route.LOCAL ? Outcome.NO_LOCAL_RESOLVER : Outcome.FAILED,
                    before, null, null, false, answers.rcode(q, route == Route.LOCAL ? Rcode.NXDOMAIN : Rcode.SERVFAIL), 0,
                    route == Route.LOCAL ? null : "no upstream configured"));
        }
        CacheKey key = new CacheKey(q.qname(), q.qtype(), q.qclass(), q.dnssecOk());
        CacheEntry hit = cache.get(key);
        if (hit != null) {
            long age = hit.ageSeconds(clock.millis());
            return done(after(attributed, route, q, before, hit, age, true, policy, remember));
        }
        CompletableFuture<CacheEntry> fetched = cache.fetch(key, () -> set.resolve(upstreamQuery(q))
                .thenApply(ua -> {
                    ResolverInfo info = new ResolverInfo(ua.upstream().url(), ua.upstream().scope());
                    AnswerFactory.Prepared p = answers.fromUpstream(q, ua.response(), info);
                    return new CacheEntry(p.template(), p.answer(), clock.millis(), p.ttlSeconds());
                }));
        CompletableFuture<Resolution> result = new CompletableFuture<>();
        fetched.whenComplete((entry, error) -> {
            try {
                finisher.execute(() -> {
                    Resolution r;
                    try {
                        if (error != null) {
                            Throwable cause = error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause() : error;
                            r = failed(attributed, route, before, q, describe(cause), null);
                        } else {
                            r = after(attributed, route, q, before, entry, entry.ageSeconds(clock.millis()), false,
                                    policy, remember);
                        }
                    } catch (RuntimeException e) {
                        r = failed(attributed, route, before, q, "resolving failed: " + e, e);
                    }
                    result.complete(r);
                });
            } catch (RejectedExecutionException e) {
                result.complete(failed(attributed, route, before, q, "server overloaded", null));
            }
        });
        return result;
    }

    private Resolution after(QueryContext ctx, Route route, ParsedQuery q, BeforeResolveDecision before,
                             CacheEntry entry, long age, boolean fromCache, QueryPolicy policy, boolean remember) {
        ResolvedAnswer answer = entry.answer().aged(age, fromCache);
        AfterResolveDecision after;
        try {
            after = policy.afterResolve(ctx, answer);
            if (after == null) {
                throw new IllegalStateException("policy returned no after-resolve decision");
            }
        } catch (RuntimeException e) {
            return failed(ctx, route, before, q, "after-resolve policy failed: " + e, e);
        }
        if (after instanceof AfterResolveDecision.Block) {
            BlockStyle style = style(((AfterResolveDecision.Block) after).style());
            return new Resolution(ctx, route, Outcome.BLOCKED_AFTER_RESOLVE, before, after, answer, fromCache,
                    answers.blocked(q, style, after.reason(), false), 0, null);
        }
        if (after instanceof AfterResolveDecision.AllowOnly) {
            AfterResolveDecision.AllowOnly only = (AfterResolveDecision.AllowOnly) after;
            java.util.List<ResolvedAddress> kept = answer.addresses().stream()
                    .filter(a -> only.keep().contains(a.address())).toList();
            if (kept.size() != answer.addresses().size()) {
                if (kept.isEmpty() && !answer.addresses().isEmpty()) {
                    BlockStyle style = style(only.styleIfEmpty());
                    return new Resolution(ctx, route, Outcome.BLOCKED_AFTER_RESOLVE, before, after, answer, fromCache,
                            answers.blocked(q, style, after.reason(), true), 0, null);
                }
                Message rendered = renderForEdit(q, entry.template(), age);
                AnswerTemplate t = answers.keepOnly(q, rendered, only.keep());
                if (remember) {
                    memory.record(ctx.attribution(), answer.qname(), answer.cnameChain(), kept);
                }
                return new Resolution(ctx, route, Outcome.ANSWERED_FILTERED, before, after, answer, fromCache, t, 0,
                        null);
            }
        }
        if (remember) {
            memory.record(ctx.attribution(), answer.qname(), answer.cnameChain(), answer.addresses());
        }
        return new Resolution(ctx, route, Outcome.ANSWERED, before, after, answer, fromCache, entry.template(), age,
                null);
    }

    private static final ResponseWriter EDIT_WRITER = new ResponseWriter(65535);

    private static Message renderForEdit(ParsedQuery q, AnswerTemplate t, long age) {
        try {
            return new Message(EDIT_WRITER.render(q, t, age, ResponseWriter.TCP_LIMIT));
        } catch (IOException e) {
            throw new IllegalStateException("a prepared answer does not parse", e);
        }
    }

    private Resolution failed(QueryContext ctx, Route route, BeforeResolveDecision before, ParsedQuery q,
                              String why, Throwable bug) {
        if (bug != null) {
            LOG.error("query {} {}: {}", q.qname(), q.qtype(), why, bug);
        } else {
            LOG.debug("query {} {}: {}", q.qname(), q.qtype(), why);
        }
        return new Resolution(ctx, route, Outcome.FAILED, before, null, null, false, answers.rcode(q, Rcode.SERVFAIL),
                0, why);
    }

    private Message upstreamQuery(ParsedQuery q) {
        Message m = new Message();
        m.getHeader().setFlag(Flags.RD);
        if (q.checkingDisabled()) {
            m.getHeader().setFlag(Flags.CD);
        }
        m.addRecord(Record.newRecord(q.name(), q.qtype(), q.qclass()), Section.QUESTION);
        m.addRecord(new OPTRecord(upstreamUdpSize, 0, 0, q.dnssecOk() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        return m;
    }

    private BlockStyle style(BlockStyle s) {
        return s == null ? defaultStyle : s;
    }

    private static String describe(Throwable t) {
        if (t instanceof java.util.concurrent.TimeoutException) {
            return "upstream timed out";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static CompletableFuture<Resolution> done(Resolution r) {
        return CompletableFuture.completedFuture(r);
    }

    /** The policy the server uses. */
    public QueryPolicy policy() {
        return policy;
    }
}
