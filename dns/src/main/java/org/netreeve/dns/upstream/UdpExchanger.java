package org.netreeve.dns.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * Sends UDP queries to upstreams and waits for their answers on one selector thread. Each query gets its own
 * socket on a kernel-chosen (random) port, connected to the upstream so that only its datagrams arrive;
 * together with the random id this is what makes spoofed answers hard. Datagrams that do not match the
 * query are dropped and the wait goes on.
 *
 * <p>Thread rules: {@link #exchange} may be called from any thread; everything else happens on the selector
 * thread, which hands new sockets over through a queue.
 */
final class UdpExchanger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpExchanger.class);

    private final Selector selector;
    private final ConcurrentLinkedQueue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final LongAdder mismatches = new LongAdder();
    private volatile boolean closed;

    UdpExchanger() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, "dns-upstream-udp");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends {@code wire} (the rendering of {@code query}) to {@code server}; completes with the matching answer. */
    CompletableFuture<Message> exchange(InetSocketAddress server, byte[] wire, Message query, Duration timeout) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new UpstreamException("resolver is shut down"));
            return result;
        }
        DatagramChannel ch;
        try {
            ch = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.connect(server);
            ch.write(ByteBuffer.wrap(wire));
        } catch (IOException e) {
            result.completeExceptionally(new UpstreamException(server + ": " + e.getMessage(), e));
            return result;
        }
        Pending p = new Pending(ch, query, result, server);
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((m, e) -> closeQuietly(ch));
        incoming.add(p);
        selector.wakeup();
        return result;
    }

    /** Datagrams dropped because they did not answer the query they arrived for. */
    long mismatches() {
        return mismatches.sum();
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(65535);
        byte[] bytes = new byte[65535];
        try {
            while (!closed) {
                selector.select(1000);
                Pending p;
                while ((p = incoming.poll()) != null) {
                    if (!p.result.isDone() && p.channel.isOpen()) {
                        try {
                            p.channel.register(selector, SelectionKey.OP_READ, p);
                        } catch (IOException e) {
                            p.result.completeExceptionally(new UpstreamException(p.server + ": " + e.getMessage(), e));
                        }
                    }
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Pending pending = (Pending) key.attachment();
                    read(pending, buf, bytes);
                }
            }
        } catch (ClosedSelectorException e) {
            // shutting down
        } catch (IOException | RuntimeException e) {
            LOG.error("upstream UDP selector failed; UDP upstreams stop answering", e);
        }
    }

    private void read(Pending p, ByteBuffer buf, byte[] bytes) {
        while (true) {
            buf.clear();
            int n;
            try {
                n = p.channel.read(buf);
            } catch (PortUnreachableException e) {
                p.result.completeExceptionally(new UpstreamException(p.server + ": port unreachable", e));
                return;
            } catch (IOException e) {
                p.result.completeExceptionally(new UpstreamException(p.server + ": " + e.getMessage(), e));
                return;
            }
            if (n <= 0) {
                return;
            }
            buf.flip();
            buf.get(bytes, 0, n);
            Message m = ResponseCheck.accept(bytes, n, p.query);
            if (m == null) {
                mismatches.increment();
                LOG.debug("dropped a datagram from {} that does not answer query {}", p.server,
                        p.query.getHeader().getID());
                continue;
            }
            p.result.complete(m);
            return;
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do about a failing close of a UDP socket
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector", e);
        }
        Pending p;
        while ((p = incoming.poll()) != null) {
            p.result.completeExceptionally(new UpstreamException("resolver is shut down"));
        }
    }

    private record Pending(DatagramChannel channel, Message query, CompletableFuture<Message> result,
                           InetSocketAddress server) {
    }
}
