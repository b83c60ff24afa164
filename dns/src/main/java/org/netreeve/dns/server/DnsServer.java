package org.netreeve.dns.server;

import org.netreeve.net.logging.RateLimitedLog;
import org.netreeve.net.IpProtocol;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.netreeve.dns.message.MalformedQueryException;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.message.QueryParser;
import org.netreeve.dns.message.ResponseWriter;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.resolver.DnsResolver;
import org.netreeve.dns.resolver.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nameserver's sockets. On each listen address: a UDP socket served by a fixed number of threads that
 * receive, resolve and answer (a cache hit is answered on the receiving thread; a miss is finished on the
 * resolver's threads when the upstream answers, so a slow upstream holds no serving thread), and a TCP
 * socket with one thread per connection, connections bounded, several (pipelined) queries per connection,
 * closed when idle.
 *
 * <p>Nothing a client sends stops the server: malformed messages are answered with FORMERR when the header
 * is readable and dropped otherwise, counted, and logged at a limited rate.
 *
 * <p>Thread rules: {@link #start} and {@link #close} from one controlling thread; the serving threads share
 * only the thread-safe resolver, the counters and the sockets (DatagramChannel sends are thread-safe, TCP
 * responses are serialized per connection).
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int MAX_PIPELINED_PER_CONNECTION = 32;

    private final List<InetSocketAddress> listen;
    private final DnsResolver resolver;
    private final QueryPolicy policy;
    private final ResponseWriter writer;
    private final PortOwnerLookup owners;
    private final int udpThreads;
    private final Semaphore tcpSlots;
    private final int tcpIdleMillis;

    private final List<DatagramChannel> udpSockets = new ArrayList<>();
    private final List<ServerSocket> tcpSockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;

    private final LongAdder udpQueries = new LongAdder();
    private final LongAdder tcpQueries = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder errorsAnswered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder tcpAccepted = new LongAdder();
    private final LongAdder tcpRejected = new LongAdder();
    private final RateLimitedLog malformedLog = new RateLimitedLog(LOG, "malformed DNS messages", Clock.systemUTC(), 10_000);
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, "failed DNS exchanges", Clock.systemUTC(), 10_000);

    public DnsServer(List<InetSocketAddress> listen, DnsResolver resolver, QueryPolicy policy, ResponseWriter writer,
                     PortOwnerLookup owners, int udpThreads, int maxTcpConnections, Duration tcpIdle) {
        this.listen = List.copyOf(listen);
        this.resolver = resolver;
        this.policy = policy;
        this.writer = writer;
        this.owners = owners;
        this.udpThreads = udpThreads;
        this.tcpSlots = new Semaphore(maxTcpConnections);
        this.tcpIdleMillis = (int) Math.min(Integer.MAX_VALUE, tcpIdle.toMillis());
    }

    /**
     * Binds every listen address (UDP and TCP) and starts serving. If any address is taken, nothing stays
     * bound and the exception names the address and, when it can be found, the process holding it.
     */
    public synchronized void start() throws IOException {
        if (running) {
            throw new IllegalStateException("already started");
        }
        try {
            for (InetSocketAddress address : listen) {
                DatagramChannel udp = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                udpSockets.add(udp);
                // Room for bursts while the serving threads are busy; the kernel caps it at net.core.rmem_max.
                udp.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
                try {
                    udp.bind(address);
                } catch (BindException e) {
                    throw new AddressInUseException(address, IpProtocol.UDP, owners.find(IpProtocol.UDP, address), e);
                }
                InetSocketAddress bound = (InetSocketAddress) udp.getLocalAddress();
                // Port 0 (tests) binds TCP on the port UDP got, so one address serves both.
                InetSocketAddress tcpAddress = new InetSocketAddress(address.getAddress(), bound.getPort());
                ServerSocket tcp = new ServerSocket();
                tcpSockets.add(tcp);
                tcp.setReuseAddress(true);
                try {
                    tcp.bind(tcpAddress, 128);
                } catch (BindException e) {
                    throw new AddressInUseException(tcpAddress, IpProtocol.TCP, owners.find(IpProtocol.TCP, tcpAddress), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            closeSockets();
            throw e;
        }
        running = true;
        for (DatagramChannel udp : udpSockets) {
            InetSocketAddress local = (InetSocketAddress) udp.getLocalAddress();
            for (int i = 0; i < udpThreads; i++) {
                startThread("dns-udp-" + local + "-" + i, () -> serveUdp(udp, local));
            }
        }
        for (ServerSocket tcp : tcpSockets) {
            startThread("dns-tcp-accept-" + tcp.getLocalSocketAddress(), () -> acceptTcp(tcp));
        }
        LOG.info("nameserver listening on {} (udp and tcp)", boundAddresses());
    }

    /** The addresses actually bound (useful when a configured port was 0). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (DatagramChannel c : udpSockets) {
            try {
                out.add((InetSocketAddress) c.getLocalAddress());
            } catch (IOException e) {
                // closed
            }
        }
        return out;
    }

    public ServerStats stats() {
        return new ServerStats(udpQueries.sum(), tcpQueries.sum(), malformed.sum(), errorsAnswered.sum(),
                dropped.sum(), tcpAccepted.sum(), tcpRejected.sum());
    }

    private void startThread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void serveUdp(DatagramChannel channel, InetSocketAddress local) {
        byte[] array = new byte[65535];
        ByteBuffer buf = ByteBuffer.wrap(array);
        while (running) {
            SocketAddress client;
            try {
                buf.clear();
                client = channel.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                failureLog.record("receiving on {} failed: {}", local, e.toString());
                continue;
            }
            try {
                handleUdp(channel, local, (InetSocketAddress) client, array, buf.position());
            } catch (RuntimeException e) {
                dropped.increment();
                failureLog.record("query from {} failed: {}", client, e.toString());
            }
        }
    }

    private void handleUdp(DatagramChannel channel, InetSocketAddress local, InetSocketAddress client, byte[] data,
                           int length) {
        ParsedQuery q;
        try {
            q = QueryParser.parse(data, length);
        } catch (MalformedQueryException e) {
            byte[] error = malformed(e, client, IpProtocol.UDP);
            if (error != null) {
                sendUdp(channel, client, error);
            }
            return;
        }
        udpQueries.increment();
        QueryContext ctx = new QueryContext(client, local, IpProtocol.UDP, q.qname(), q.qtype(), q.id(), null);
        CompletableFuture<Resolution> f = resolver.resolve(ctx, q, policy, true);
        if (f.isDone()) {
            sendUdp(channel, client, writer.render(q, f.join().template(), f.join().ageSeconds(), writer.udpLimit(q)));
        } else {
            f.whenComplete((r, e) -> {
                if (r != null) {
                    sendUdp(channel, client, writer.render(q, r.template(), r.ageSeconds(), writer.udpLimit(q)));
                } else {
                    dropped.increment();
                    failureLog.record("query {} from {} failed: {}", q, client, String.valueOf(e));
                }
            });
        }
    }

    private void sendUdp(DatagramChannel channel, InetSocketAddress client, byte[] response) {
        try {
            channel.send(ByteBuffer.wrap(response), client);
        } catch (IOException e) {
            failureLog.record("answering {} failed: {}", client, e.toString());
        }
    }

    /** Counts and logs a malformed message; returns the error response to send, or {@code null} to drop it. */
    private byte[] malformed(MalformedQueryException e, InetSocketAddress client, int protocol) {
        malformed.increment();
        malformedLog.record("from {} over {}: {}", client, IpProtocol.name(protocol), e.getMessage());
        if (!e.answerable()) {
            dropped.increment();
            return null;
        }
        errorsAnswered.increment();
        return writer.error(e.id(), e.flags(), e.question(), e.rcode());
    }

    private void acceptTcp(ServerSocket server) {
        while (running) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
                failureLog.record("accepting on {} failed: {}", server.getLocalSocketAddress(), e.toString());
                continue;
            }
            if (!tcpSlots.tryAcquire()) {
                tcpRejected.increment();
                failureLog.record("refused a TCP connection from {}: connection limit reached", s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            tcpAccepted.increment();
            connections.add(s);
            Thread t = new Thread(() -> {
                try {
                    serveTcp(s);
                } finally {
                    connections.remove(s);
                    closeQuietly(s);
                    tcpSlots.release();
                }
            }, "dns-tcp-" + s.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serveTcp(Socket s) {
        InetSocketAddress client = (InetSocketAddress) s.getRemoteSocketAddress();
        InetSocketAddress local = (InetSocketAddress) s.getLocalSocketAddress();
        AtomicInteger pending = new AtomicInteger();
        Semaphore window = new Semaphore(MAX_PIPELINED_PER_CONNECTION);
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(tcpIdleMillis);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            OutputStream out = s.getOutputStream();
            while (running) {
                int len;
                try {
                    len = in.readUnsignedShort();
                } catch (SocketTimeoutException e) {
                    if (pending.get() > 0) {
                        continue;
                    }
                    return;
                }
                byte[] data = in.readNBytes(len);
                if (data.length != len) {
                    return;
                }
                ParsedQuery q;
                try {
                    q = QueryParser.parse(data, len);
                } catch (MalformedQueryException e) {
                    byte[] error = malformed(e, client, IpProtocol.TCP);
                    if (error == null) {
                        return;
                    }
                    writeTcp(out, error);
                    continue;
                }
                tcpQueries.increment();
                window.acquireUninterruptibly();
                pending.incrementAndGet();
                QueryContext ctx = new QueryContext(client, local, IpProtocol.TCP, q.qname(), q.qtype(), q.id(), null);
                CompletableFuture<Resolution> f;
                try {
                    f = resolver.resolve(ctx, q, policy, true);
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete((r, e) -> {
                    try {
                        if (r != null) {
                            writeTcp(out, writer.render(q, r.template(), r.ageSeconds(), ResponseWriter.TCP_LIMIT));
                        } else {
                            dropped.increment();
                            failureLog.record("query {} from {} failed: {}", q, client, String.valueOf(e));
                        }
                    } catch (IOException io) {
                        closeQuietly(s);
                    } finally {
                        pending.decrementAndGet();
                        window.release();
                    }
                });
            }
        } catch (EOFException | SocketException e) {
            // client closed the connection
        } catch (IOException e) {
            failureLog.record("TCP connection from {} failed: {}", client, e.toString());
        }
    }

    private static void writeTcp(OutputStream out, byte[] response) throws IOException {
        byte[] framed = new byte[response.length + 2];
        framed[0] = (byte) (response.length >>> 8);
        framed[1] = (byte) response.length;
        System.arraycopy(response, 0, framed, 2, response.length);
        synchronized (out) {
            out.write(framed);
            out.flush();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void closeSockets() {
        for (DatagramChannel c : udpSockets) {
            closeQuietly(c);
        }
        for (ServerSocket s : tcpSockets) {
            closeQuietly(s);
        }
        udpSockets.clear();
        tcpSockets.clear();
    }

    /** Stops serving and releases every socket. */
    @Override
    public synchronized void close() {
        running = false;
        List<DatagramChannel> udp = new ArrayList<>(udpSockets);
        List<ServerSocket> tcp = new ArrayList<>(tcpSockets);
        udp.forEach(DnsServer::closeQuietly);
        tcp.forEach(DnsServer::closeQuietly);
        for (Socket s : connections) {
            closeQuietly(s);
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        udpSockets.clear();
        tcpSockets.clear();
    }
}
