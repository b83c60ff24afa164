package org.netreeve.dns.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.xbill.DNS.Message;

/**
 * {@code doh://}: RFC 8484 POST requests ({@code application/dns-message}) over HTTP/1.1 with keep-alive.
 * The connection goes to the bootstrap address; the certificate is verified against the URL's host, which is
 * also sent as SNI and Host. Up to {@code maxConnections} connections are kept; each carries one request at a
 * time. Message ids are 0 as the RFC recommends (the TLS channel, not the id, protects the answer).
 *
 * <p>Thread rules: requests run on the I/O executor; the idle-connection pool is guarded by {@code this}.
 */
final class DohUpstream implements Upstream {

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final String[] ALPN = {"http/1.1"};

    private final UpstreamSpec spec;
    private final SSLContext tls;
    private final long idleNanos;
    private final int maxConnections;
    private final Executor io;
    private final String host;
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
    private boolean closed;

    DohUpstream(UpstreamSpec spec, SSLContext tls, Duration idleTimeout, int maxConnections, Executor io) {
        this.spec = spec;
        this.tls = tls;
        this.idleNanos = idleTimeout.toNanos();
        this.maxConnections = maxConnections;
        this.io = io;
        String name = spec.tlsName() != null ? spec.tlsName() : spec.address().getHostAddress();
        this.host = name.contains(":") ? "[" + name + "]" : name;
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
            io.execute(() -> {
                try {
                    result.complete(exchange(query, deadline));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e instanceof UpstreamException ? e
                            : new UpstreamException(spec + ": " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UpstreamException(spec + ": too many upstream queries at once"));
        }
        return result;
    }

    private Message exchange(Message query, long deadline) throws IOException {
        Message q = query.clone();
        q.getHeader().setID(0);
        byte[] body = q.toWire();
        HttpConnection reused = takeIdle();
        if (reused != null) {
            try {
                return exchangeOn(reused, q, body, deadline);
            } catch (IOException e) {
                // A kept-alive connection may have been closed by the server meanwhile; try once on a new one.
                reused.close();
            }
        }
        int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        HttpConnection fresh = new HttpConnection(TlsContexts.connect(tls, spec.socketAddress(), spec.tlsName(), ALPN,
                left));
        try {
            return exchangeOn(fresh, q, body, deadline);
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private Message exchangeOn(HttpConnection c, Message q, byte[] body, long deadline) throws IOException {
        int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        c.socket.setSoTimeout(left);
        String head = "POST " + spec.path() + " HTTP/1.1\r\n"
                + "Host: " + host + (spec.port() == 443 ? "" : ":" + spec.port()) + "\r\n"
                + "Content-Type: application/dns-message\r\n"
                + "Accept: application/dns-message\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n";
        OutputStream out = c.socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        HttpResponse r = HttpResponse.read(c.in);
        if (r.status != 200) {
            c.close();
            throw new UpstreamException(spec + ": HTTP status " + r.status);
        }
        String type = r.headers.getOrDefault("content-type", "");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/dns-message")) {
            c.close();
            throw new UpstreamException(spec + ": unexpected content type '" + type + "'");
        }
        Message m = ResponseCheck.accept(r.body, r.body.length, q);
        if (m == null) {
            c.close();
            throw new UpstreamException(spec + ": response does not answer the query");
        }
        if (r.keepAlive) {
            giveBack(c);
        } else {
            c.close();
        }
        return m;
    }

    private synchronized HttpConnection takeIdle() {
        while (!idle.isEmpty()) {
            HttpConnection c = idle.pollLast();
            if (System.nanoTime() - c.lastUsed < idleNanos && !c.socket.isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void giveBack(HttpConnection c) {
        c.lastUsed = System.nanoTime();
        synchronized (this) {
            if (!closed && idle.size() < maxConnections) {
                idle.addLast(c);
                return;
            }
        }
        c.close();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (HttpConnection c : idle) {
                c.close();
            }
            idle.clear();
        }
    }

    private static final class HttpConnection {
        final SSLSocket socket;
        final InputStream in;
        long lastUsed = System.nanoTime();

        HttpConnection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    /** The parts of an HTTP/1.1 response DoH needs. Package-visible for tests. */
    static final class HttpResponse {
        final int status;
        final Map<String, String> headers;
        final byte[] body;
        final boolean keepAlive;

        private HttpResponse(int status, Map<String, String> headers, byte[] body, boolean keepAlive) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.keepAlive = keepAlive;
        }

        static HttpResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new UpstreamException("not an HTTP/1.x response: '" + statusLine + "'");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new UpstreamException("bad HTTP status line: '" + statusLine + "'");
            }
            Map<String, String> headers = new HashMap<>();
            int total = 0;
            while (true) {
                String h = line(in);
                total += h.length();
                if (total > MAX_HEADER_BYTES) {
                    throw new UpstreamException("HTTP headers too long");
                }
                if (h.isEmpty()) {
                    break;
                }
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
            }
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean keepAlive = parts[0].equals("HTTP/1.1") ? !connection.contains("close")
                    : connection.contains("keep-alive");
            byte[] body;
            String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (te.contains("chunked")) {
                body = chunked(in);
            } else if (headers.containsKey("content-length")) {
                int len;
                try {
                    len = Integer.parseInt(headers.get("content-length"));
                } catch (NumberFormatException e) {
                    throw new UpstreamException("bad Content-Length '" + headers.get("content-length") + "'");
                }
                if (len < 0 || len > 65535) {
                    throw new UpstreamException("DoH body of " + len + " bytes");
                }
                body = in.readNBytes(len);
                if (body.length != len) {
                    throw new EOFException("connection closed inside the body");
                }
            } else {
                body = in.readNBytes(65536);
                keepAlive = false;
            }
            return new HttpResponse(status, headers, body, keepAlive);
        }

        private static byte[] chunked(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new UpstreamException("bad chunk size '" + sizeLine + "'");
                }
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers are ignored
                    }
                    return out.toByteArray();
                }
                if (out.size() + size > 65535) {
                    throw new UpstreamException("DoH body larger than a DNS message");
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new EOFException("connection closed inside a chunk");
                }
                out.write(chunk);
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                if (sb.length() > MAX_HEADER_BYTES) {
                    throw new UpstreamException("HTTP line too long");
                }
                sb.append((char) b);
            }
        }
    }
}
