package org.netreeve.dns.upstream;

import java.io.IOException;

/** An upstream failed to answer: unreachable, timed out, or answered something that is not a DNS response. */
public class UpstreamException extends IOException {
    public UpstreamException(String message) {
        super(message);
    }

    public UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
