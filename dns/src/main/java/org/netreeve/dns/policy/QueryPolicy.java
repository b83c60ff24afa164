package org.netreeve.dns.policy;

/**
 * The firewall's say on a query. The nameserver calls both stages for every query, cache hits included,
 * because decisions belong to the asking process while the cache is shared.
 *
 * <p>Thread rules: called concurrently from the nameserver's worker threads; implementations must be
 * thread-safe and should not block for long (a slow policy delays only the queries it decides, but it
 * occupies a bounded worker while it runs). An exception is treated as a failure of that query (SERVFAIL),
 * never of the server.
 */
public interface QueryPolicy {

    /** Stage before-intel: the domain is known, nothing resolved yet. Attribute the query and allow or block it. */
    BeforeResolveDecision beforeResolve(QueryContext query);

    /**
     * Stage after-intel: the answer is known. {@code query.attribution()} carries the token from
     * {@link #beforeResolve}. Called only for answers that came from a resolver (not for blocked queries).
     */
    AfterResolveDecision afterResolve(QueryContext query, ResolvedAnswer answer);
}
