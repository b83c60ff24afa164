package org.netreeve.dns.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Ordered failover over a list of upstreams. Healthy upstreams are tried first, in configured order; one that
 * times out or fails in transport is marked down and skipped for {@code retryFailedAfter}, then tried again
 * (when every upstream is down they are all tried anyway, in order). SERVFAIL and REFUSED answers move on to
 * the next upstream without marking the one that gave them as down; if nobody does better, the last such
 * answer is returned.
 *
 * <p>Thread rules: safe from any thread; health and statistics are atomics.
 */
public final class UpstreamSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamSet.class);

    private final List<Upstream> upstreams;
    private final List<Health> health;
    private final Clock clock;
    private final Duration attemptTimeout;
    private final Duration queryTimeout;
    private final long retryAfterMillis;

    public UpstreamSet(List<? extends Upstream> upstreams, Clock clock, Duration attemptTimeout, Duration queryTimeout,
                       Duration retryFailedAfter) {
        this.upstreams = List.copyOf(upstreams);
        this.health = new ArrayList<>();
        for (int i = 0; i < this.upstreams.size(); i++) {
            health.add(new Health());
        }
        this.clock = clock;
        this.attemptTimeout = attemptTimeout;
        this.queryTimeout = queryTimeout;
        this.retryAfterMillis = retryFailedAfter.toMillis();
    }

    public boolean isEmpty() {
        return upstreams.isEmpty();
    }

    /** Resolves {@code query} at the first upstream that answers usefully. */
    public CompletableFuture<UpstreamAnswer> resolve(Message query) {
        CompletableFuture<UpstreamAnswer> result = new CompletableFuture<>();
        if (upstreams.isEmpty()) {
            result.completeExceptionally(new UpstreamException("no upstream configured"));
            return result;
        }
        long now = clock.millis();
        List<Integer> order = new ArrayList<>(upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            if (health.get(i).downUntil.get() <= now) {
                order.add(i);
            }
        }
        for (int i = 0; i < upstreams.size(); i++) {
            if (health.get(i).downUntil.get() > now) {
                order.add(i);
            }
        }
        attempt(query, order, 0, System.nanoTime() + queryTimeout.toNanos(), null, null, result);
        return result;
    }

    private void attempt(Message query, List<Integer> order, int index, long deadline, UpstreamAnswer fallback,
                         Throwable lastError, CompletableFuture<UpstreamAnswer> result) {
        long left = deadline - System.nanoTime();
        if (index >= order.size() || left <= 0) {
            if (fallback != null) {
                result.complete(fallback);
            } else {
                result.completeExceptionally(lastError != null ? lastError
                        : new UpstreamException("no time left to ask an upstream"));
            }
            return;
        }
        int i = order.get(index);
        Upstream u = upstreams.get(i);
        Health h = health.get(i);
        Duration timeout = Duration.ofNanos(Math.min(attemptTimeout.toNanos(), left));
        long start = System.nanoTime();
        h.queries.increment();
        CompletableFuture<Message> f;
        try {
            f = u.query(query, timeout);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((response, error) -> {
            long took = System.nanoTime() - start;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                h.failures.increment();
                long until = clock.millis() + retryAfterMillis;
                if (h.downUntil.getAndSet(until) <= clock.millis()) {
                    LOG.warn("upstream {} failed ({}); skipping it for {} ms", u.spec(), describe(cause),
                            retryAfterMillis);
                }
                attempt(query, order, index + 1, deadline, fallback, cause, result);
                return;
            }
            h.record(took);
            h.downUntil.set(0);
            UpstreamAnswer answer = new UpstreamAnswer(response, u.spec(), took);
            int rcode = response.getRcode();
            if ((rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED) && index + 1 < order.size()) {
                attempt(query, order, index + 1, deadline, answer, lastError, result);
                return;
            }
            result.complete(answer);
        });
    }

    private static String describe(Throwable t) {
        if (t instanceof java.util.concurrent.TimeoutException) {
            return "timed out";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Per-upstream statistics, in configured order. */
    public List<UpstreamStats> stats() {
        long now = clock.millis();
        List<UpstreamStats> out = new ArrayList<>();
        for (int i = 0; i < upstreams.size(); i++) {
            Health h = health.get(i);
            long answered = h.answered.sum();
            out.add(new UpstreamStats(upstreams.get(i).spec().url(), h.downUntil.get() <= now, h.queries.sum(),
                    h.failures.sum(), answered == 0 ? 0 : h.totalNanos.sum() / 1e6 / answered, h.maxNanos.get() / 1e6));
        }
        return out;
    }

    public List<UpstreamSpec> specs() {
        return upstreams.stream().map(Upstream::spec).toList();
    }

    @Override
    public void close() {
        for (Upstream u : upstreams) {
            u.close();
        }
    }

    private static final class Health {
        final AtomicLong downUntil = new AtomicLong();
        final LongAdder queries = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder answered = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final AtomicLong maxNanos = new AtomicLong();

        void record(long nanos) {
            answered.increment();
            totalNanos.add(nanos);
            maxNanos.accumulateAndGet(nanos, Math::max);
        }
    }
}
