package org.netreeve.interception.table;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.netreeve.net.Verdict;

/**
 * The links the firewall currently knows, bounded in size.
 *
 * <p>Eviction: {@link #expire()} (called by the daemon on a timer, and before evicting) removes
 * finished links older than the finished retention and any link idle longer than the idle timeout.
 * When the table is still full on insert, the least recently used link is evicted, preferring a
 * finished one among the oldest few. An evicted link is merely forgotten: if it was permanent the
 * kernel keeps enforcing its mark; otherwise its next packet creates a new entry.
 *
 * <p>Thread rules: all methods are safe to call from any thread; they synchronise on the table.
 * Entries are immutable snapshots, so what a caller holds never changes under it. Only first
 * packets of connections reach user space, so the lock sees thousands, not millions, of calls per
 * second.
 */
public final class ConnectionTable {
    private static final int FINISHED_SEARCH = 64;

    private final int maxLinks;
    private final Duration idleTimeout;
    private final Duration finishedRetention;
    private final Clock clock;
    /** Access-ordered, so iteration starts at the least recently used link. Guarded by {@code this}. */
    private final LinkedHashMap<Link, LinkEntry> links = new LinkedHashMap<>(256, 0.75f, true);
    private long evictions;
    private long expirations;

    public ConnectionTable(int maxLinks, Duration idleTimeout, Duration finishedRetention, Clock clock) {
        if (maxLinks < 1) {
            throw new IllegalArgumentException("maxLinks must be at least 1, got " + maxLinks);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || finishedRetention.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be positive and finished retention not negative");
        }
        this.maxLinks = maxLinks;
        this.idleTimeout = idleTimeout;
        this.finishedRetention = finishedRetention;
        this.clock = clock;
    }

    /**
     * Records a packet of a link, creating a {@link LinkState#NEW} entry for a link not seen yet.
     *
     * @return the entry after the update
     */
    public synchronized LinkEntry observe(Link link, int packetBytes) {
        Instant now = clock.instant();
        LinkEntry entry = links.get(link);
        if (entry == null) {
            makeRoom(now);
            entry = LinkEntry.fresh(link, now);
        }
        entry = entry.seen(now, packetBytes);
        links.put(link, entry);
        return entry;
    }

    /**
     * Applies a verdict: the state becomes {@link LinkState#PERMANENT} for marks the kernel keeps,
     * {@link LinkState#DECIDED} otherwise, unless the link is {@link LinkState#INSPECTING}.
     *
     * @return the entry after the update (created if absent)
     */
    public synchronized LinkEntry decide(Link link, Verdict verdict, String profileId) {
        Instant now = clock.instant();
        LinkEntry entry = links.get(link);
        if (entry == null) {
            makeRoom(now);
            entry = LinkEntry.fresh(link, now);
        }
        LinkState state = entry.state() == LinkState.INSPECTING ? LinkState.INSPECTING
                : verdict.isPermanent() ? LinkState.PERMANENT : LinkState.DECIDED;
        entry = entry.withVerdict(verdict, profileId, now).withState(state);
        links.put(link, entry);
        return entry;
    }

    /** Changes a link's state; @return the new entry, or empty if the link is unknown. */
    public synchronized Optional<LinkEntry> setState(Link link, LinkState state) {
        return update(link, entry -> entry.withState(state));
    }

    /** Marks a link finished (closed, or blocked for good). */
    public Optional<LinkEntry> finish(Link link) {
        return setState(link, LinkState.FINISHED);
    }

    /** Replaces an entry by {@code change(entry)}; @return the new entry, or empty if the link is unknown. */
    public synchronized Optional<LinkEntry> update(Link link, UnaryOperator<LinkEntry> change) {
        LinkEntry entry = links.get(link);
        if (entry == null) {
            return Optional.empty();
        }
        LinkEntry changed = change.apply(entry);
        if (!changed.link().equals(link)) {
            throw new IllegalArgumentException("an update may not change the link: " + link + " -> " + changed.link());
        }
        links.put(link, changed);
        return Optional.of(changed);
    }

    public synchronized Optional<LinkEntry> get(Link link) {
        return Optional.ofNullable(links.get(link));
    }

    public synchronized Optional<LinkEntry> remove(Link link) {
        return Optional.ofNullable(links.remove(link));
    }

    public synchronized int size() {
        return links.size();
    }

    public synchronized long evictions() {
        return evictions;
    }

    public synchronized long expirations() {
        return expirations;
    }

    /**
     * Removes finished links past their retention and links idle past the idle timeout.
     *
     * @return how many were removed
     */
    public synchronized int expire() {
        return expire(clock.instant());
    }

    private int expire(Instant now) {
        int removed = 0;
        for (Iterator<LinkEntry> it = links.values().iterator(); it.hasNext(); ) {
            LinkEntry entry = it.next();
            Duration idle = Duration.between(entry.lastSeen(), now);
            boolean finishedLongEnough = entry.state() == LinkState.FINISHED && idle.compareTo(finishedRetention) >= 0;
            if (finishedLongEnough || idle.compareTo(idleTimeout) >= 0) {
                it.remove();
                removed++;
            }
        }
        expirations += removed;
        return removed;
    }

    private void makeRoom(Instant now) {
        if (links.size() < maxLinks) {
            return;
        }
        if (expire(now) > 0 && links.size() < maxLinks) {
            return;
        }
        Iterator<Map.Entry<Link, LinkEntry>> it = links.entrySet().iterator();
        Link victim = null;
        for (int i = 0; i < FINISHED_SEARCH && it.hasNext(); i++) {
            Map.Entry<Link, LinkEntry> candidate = it.next();
            if (victim == null) {
                victim = candidate.getKey();
            }
            if (candidate.getValue().state() == LinkState.FINISHED) {
                victim = candidate.getKey();
                break;
            }
        }
        links.remove(victim);
        evictions++;
    }

    /** A snapshot of the links matching {@code filter}, least recently used first. */
    public synchronized List<LinkEntry> select(Predicate<LinkEntry> filter) {
        List<LinkEntry> selected = new ArrayList<>();
        for (LinkEntry entry : links.values()) {
            if (filter.test(entry)) {
                selected.add(entry);
            }
        }
        return selected;
    }

    /**
     * The decided, still open links for which {@code mayDiffer} says a new decision could differ
     * (after a policy or security-level change). The daemon decides them again and, for permanent
     * ones, clears their conntrack mark so that their next packet comes back to user space.
     */
    public List<LinkEntry> linksToRedecide(Predicate<LinkEntry> mayDiffer) {
        return select(entry -> entry.state() != LinkState.FINISHED && entry.state() != LinkState.NEW
                && mayDiffer.test(entry));
    }
}
