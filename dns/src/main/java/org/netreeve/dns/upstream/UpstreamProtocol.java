package org.netreeve.dns.upstream;

/** How an upstream is spoken to. */
public enum UpstreamProtocol {
    /** {@code dns://}: UDP, falling back to TCP when the answer is truncated. */
    DNS(53),
    /** {@code tcp://}: TCP only (RFC 7766), connections kept open. */
    TCP(53),
    /** {@code dot://}: DNS over TLS (RFC 7858). */
    DOT(853),
    /** {@code doh://} or {@code https://}: DNS over HTTPS (RFC 8484). */
    DOH(443);

    private final int defaultPort;

    UpstreamProtocol(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
