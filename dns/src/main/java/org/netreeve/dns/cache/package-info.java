/** The answer cache: TTL-bounded prepared answers shared by all clients, with in-flight deduplication and statistics. */
package org.netreeve.dns.cache;
