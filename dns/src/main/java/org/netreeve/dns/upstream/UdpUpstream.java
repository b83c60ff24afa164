package org.netreeve.dns.upstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/** {@code dns://}: a query over UDP, repeated over TCP when the answer comes back truncated. */
final class UdpUpstream implements Upstream {

    private final UpstreamSpec spec;
    private final UdpExchanger exchanger;
    private final StreamUpstream tcp;

    UdpUpstream(UpstreamSpec spec, UdpExchanger exchanger, StreamUpstream tcp) {
        this.spec = spec;
        this.exchanger = exchanger;
        this.tcp = tcp;
    }

    @Override
    public UpstreamSpec spec() {
        return spec;
    }

    @Override
    public CompletableFuture<Message> query(Message query, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Message q = query.clone();
        q.getHeader().setID(QueryIds.next());
        return exchanger.exchange(spec.socketAddress(), q.toWire(), q, timeout).thenCompose(r -> {
            if (!r.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(r);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return CompletableFuture.failedFuture(new UpstreamException(spec + ": truncated answer and no time"
                        + " left for TCP"));
            }
            return tcp.query(query, Duration.ofNanos(left));
        });
    }

    @Override
    public void close() {
        tcp.close();
    }
}
