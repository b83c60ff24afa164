package org.netreeve.dns.config;

/** A bad value in the {@code dns:} configuration; the message names the key. */
public final class DnsConfigException extends RuntimeException {

    private final String key;

    public DnsConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The full key, for example {@code dns.cache.max-ttl} or {@code dns.upstreams[2]}. */
    public String key() {
        return key;
    }
}
