package org.netreeve.dns.cache;

/**
 * What makes two questions the same for the cache.
 *
 * @param name     lower-case query name without trailing dot
 * @param type     query type
 * @param dclass   query class
 * @param dnssecOk whether the client wanted DNSSEC records (those answers carry signatures)
 */
public record CacheKey(String name, int type, int dclass, boolean dnssecOk) {
}
