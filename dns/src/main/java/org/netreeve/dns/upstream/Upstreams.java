package org.netreeve.dns.upstream;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Builds upstreams from their specs and owns what they share: the UDP selector thread and the bounded pool of
 * threads that connect and write for TCP, DoT and DoH (those block, so they never run on a serving thread).
 */
public final class Upstreams implements AutoCloseable {

    /** Threads doing blocking upstream I/O at most; more concurrent requests fail fast instead of queueing. */
    public static final int MAX_IO_THREADS = 64;

    private final UdpExchanger udp;
    private final ExecutorService io;
    private final Duration idleTimeout;
    private final int dohMaxConnections;
    private final List<Upstream> created = new ArrayList<>();

    public Upstreams(Duration idleTimeout, int dohMaxConnections) throws IOException {
        this.udp = new UdpExchanger();
        AtomicInteger n = new AtomicInteger();
        this.io = new ThreadPoolExecutor(0, MAX_IO_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dns-upstream-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.idleTimeout = idleTimeout;
        this.dohMaxConnections = dohMaxConnections;
    }

    /** Creates the upstream for {@code spec}; the CA file of DoT/DoH is read now, so errors surface at start. */
    public synchronized Upstream create(UpstreamSpec spec) throws IOException {
        Upstream u;
        switch (spec.protocol()) {
            case DNS:
                u = new UdpUpstream(spec, udp, new StreamUpstream(spec, null, idleTimeout, io));
                break;
            case TCP:
                u = new StreamUpstream(spec, null, idleTimeout, io);
                break;
            case DOT:
                u = new StreamUpstream(spec, tls(spec), idleTimeout, io);
                break;
            default:
                u = new DohUpstream(spec, tls(spec), idleTimeout, dohMaxConnections, io);
                break;
        }
        created.add(u);
        return u;
    }

    /** An {@link UpstreamSet} over new upstreams for {@code specs}. */
    public UpstreamSet set(List<UpstreamSpec> specs, Clock clock, Duration attemptTimeout, Duration queryTimeout,
                           Duration retryFailedAfter) throws IOException {
        List<Upstream> list = new ArrayList<>();
        for (UpstreamSpec s : specs) {
            list.add(create(s));
        }
        return new UpstreamSet(list, clock, attemptTimeout, queryTimeout, retryFailedAfter);
    }

    private static SSLContext tls(UpstreamSpec spec) throws IOException {
        try {
            return TlsContexts.context(spec.caFile());
        } catch (IOException e) {
            throw new IOException("upstream " + spec + ": " + e.getMessage(), e);
        }
    }

    /** UDP datagrams dropped because they did not match their query. */
    public long droppedMismatches() {
        return udp.mismatches();
    }

    @Override
    public synchronized void close() {
        for (Upstream u : created) {
            u.close();
        }
        udp.close();
        io.shutdownNow();
    }
}
