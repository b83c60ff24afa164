package org.netreeve.dns.upstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * One upstream resolver. Implementations give each query a fresh random id (DoH: id 0, as RFC 8484 asks),
 * drop responses whose id or question do not match, and never block the caller: the returned future completes
 * on an I/O thread, exceptionally on timeout or transport failure.
 */
public interface Upstream extends AutoCloseable {

    UpstreamSpec spec();

    /** Sends {@code query} (its id is replaced) and completes with the validated response. */
    CompletableFuture<Message> query(Message query, Duration timeout);

    @Override
    void close();
}
