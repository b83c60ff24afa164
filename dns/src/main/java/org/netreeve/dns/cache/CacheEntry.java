package org.netreeve.dns.cache;

import java.util.Objects;
import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.policy.ResolvedAnswer;

/**
 * One resolved answer, prepared for serving. Immutable.
 *
 * @param template      the answer's records, TTLs already within the configured bounds
 * @param answer        what the policy sees of it (addresses with TTLs as stored)
 * @param storedAtMillis when it was resolved (clock millis)
 * @param ttlSeconds    how long it may be served; 0 means "do not cache" (it is still handed to waiting queries)
 */
public record CacheEntry(AnswerTemplate template, ResolvedAnswer answer, long storedAtMillis, long ttlSeconds) {

    public CacheEntry {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(answer, "answer");
    }

    public long expiresAtMillis() {
        return storedAtMillis + ttlSeconds * 1000;
    }

    /** Whole seconds since it was resolved (what TTLs are reduced by when serving it). */
    public long ageSeconds(long nowMillis) {
        return Math.max(0, (nowMillis - storedAtMillis) / 1000);
    }
}
