package org.netreeve.dns.upstream;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;

/**
 * {@code tcp://} and {@code dot://}: length-prefixed DNS over one kept-open connection (RFC 7766, RFC 7858).
 * Queries are pipelined: each is written as soon as it comes, answers are matched to queries by id as they
 * arrive, in any order. An idle connection is closed after the idle timeout; a connection the server closed
 * is replaced, and a query that was sent on a reused connection just as it died is retried once on a new one.
 *
 * <p>Thread rules: connecting and writing happen on the I/O executor (never on the caller's thread); each
 * connection has one reader thread that completes the pending queries. {@link #current} is guarded by
 * {@code this}; a connection's pending map is concurrent; writes to its socket are serialized on the stream.
 */
final class StreamUpstream implements Upstream {

    private static final Logger LOG = LoggerFactory.getLogger(StreamUpstream.class);

    private final UpstreamSpec spec;
    private final SSLContext tls;
    private final long idleMillis;
    private final Executor io;
    private Connection current;
    private volatile boolean closed;

    /** @param tls {@code null} for plain TCP */
    StreamUpstream(UpstreamSpec spec, SSLContext tls, Duration idleTimeout, Executor io) {
        this.spec = spec;
        this.tls = tls;
        this.idleMillis = idleTimeout.toMillis();
        this.io = io;
    }

    @Override
    public UpstreamSpec spec() {
        return spec;
    }

    @Override
    public CompletableFuture<Message> query(Message query, Duration timeout) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            io.execute(() -> send(query, result, deadline, true));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UpstreamException(spec + ": too many upstream queries at once"));
        }
        return result;
    }

    private void send(Message query, CompletableFuture<Message> result, long deadline, boolean mayRetry) {
        if (result.isDone()) {
            return;
        }
        Connection c;
        boolean fresh;
        try {
            synchronized (this) {
                if (closed) {
                    throw new UpstreamException(spec + ": resolver is shut down");
                }
                fresh = current == null || !current.open;
                if (fresh) {
                    int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    current = new Connection(connect(left));
                }
                c = current;
            }
        } catch (IOException e) {
            result.completeExceptionally(e instanceof UpstreamException ? e
                    : new UpstreamException(spec + ": " + e.getMessage(), e));
            return;
        }
        Message q = query.clone();
        CompletableFuture<Message> attempt = new CompletableFuture<>();
        result.whenComplete((m, e) -> attempt.cancel(false));
        attempt.whenComplete((m, e) -> {
            if (e == null) {
                result.complete(m);
            } else if (e instanceof ConnectionLost && mayRetry && !fresh && System.nanoTime() < deadline) {
                // The server may have closed this reused connection right before our query reached it.
                try {
                    io.execute(() -> send(query, result, deadline, false));
                } catch (RejectedExecutionException r) {
                    result.completeExceptionally(e);
                }
            } else {
                result.completeExceptionally(e);
            }
        });
        c.register(q, attempt);
        try {
            c.write(q.toWire());
        } catch (IOException e) {
            c.fail(new ConnectionLost(spec + ": " + e.getMessage(), e));
        }
    }

    private Socket connect(int timeoutMillis) throws IOException {
        if (tls != null) {
            return TlsContexts.connect(tls, spec.socketAddress(), spec.tlsName(), null, timeoutMillis);
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(spec.socketAddress(), timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            closed = true;
            c = current;
            current = null;
        }
        if (c != null) {
            c.fail(new UpstreamException(spec + ": resolver is shut down"));
        }
    }

    /** The connection was closed under a query; the query may be retried. */
    static final class ConnectionLost extends UpstreamException {
        ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final class Connection {
        final Socket socket;
        final OutputStream out;
        final DataInputStream in;
        final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
        volatile boolean open = true;
        volatile long lastActivity = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            socket.setSoTimeout(1000);
            Thread reader = new Thread(this::readLoop, "dns-upstream-" + spec.protocol().name().toLowerCase()
                    + "-" + spec.address().getHostAddress());
            reader.setDaemon(true);
            reader.start();
        }

        int register(Message q, CompletableFuture<Message> result) {
            while (true) {
                int id = QueryIds.next();
                q.getHeader().setID(id);
                if (pending.putIfAbsent(id, new Pending(q, result)) == null) {
                    result.whenComplete((m, e) -> pending.remove(id));
                    return id;
                }
            }
        }

        void write(byte[] wire) throws IOException {
            byte[] framed = new byte[wire.length + 2];
            framed[0] = (byte) (wire.length >>> 8);
            framed[1] = (byte) wire.length;
            System.arraycopy(wire, 0, framed, 2, wire.length);
            synchronized (out) {
                out.write(framed);
                out.flush();
            }
            lastActivity = System.nanoTime();
        }

        private void readLoop() {
            byte[] buf = new byte[65535];
            try {
                while (open) {
                    int len;
                    try {
                        len = in.readUnsignedShort();
                    } catch (SocketTimeoutException e) {
                        if (pending.isEmpty() && System.nanoTime() - lastActivity > idleMillis * 1_000_000L) {
                            fail(new ConnectionLost(spec + ": idle connection closed", null));
                            return;
                        }
                        continue;
                    }
                    in.readFully(buf, 0, len);
                    lastActivity = System.nanoTime();
                    if (len < 12) {
                        continue;
                    }
                    int id = ((buf[0] & 0xff) << 8) | (buf[1] & 0xff);
                    Pending p = pending.get(id);
                    Message m = p == null ? null : ResponseCheck.accept(buf, len, p.query);
                    if (m == null) {
                        LOG.debug("{}: dropped a response that matches no query (id {})", spec, id);
                        continue;
                    }
                    pending.remove(id);
                    p.result.complete(m);
                }
            } catch (EOFException e) {
                fail(new ConnectionLost(spec + ": connection closed by the server", e));
            } catch (IOException e) {
                fail(new ConnectionLost(spec + ": " + e.getMessage(), e));
            }
        }

        void fail(IOException cause) {
            open = false;
            try {
                socket.close();
            } catch (IOException e) {
                // already failing
            }
            for (Pending p : pending.values()) {
                p.result.completeExceptionally(cause);
            }
            pending.clear();
        }
    }

    private record Pending(Message query, CompletableFuture<Message> result) {
    }
}
