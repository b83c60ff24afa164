package org.netreeve.dns.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** TLS for DoT and DoH: TLS 1.2 or newer, the server's certificate verified against the configured name. */
final class TlsContexts {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /** The system's trust store, or only the CAs in {@code caFile} (PEM) when given. */
    static SSLContext context(Path caFile) throws IOException {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(caFile)) {
                certs = cf.generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IOException(caFile + ": no certificates found");
            }
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException(caFile + ": cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Connects to {@code address} and completes a TLS handshake that verifies {@code name} (a host name, or
     * {@code null} to verify the IP address itself).
     */
    static SSLSocket connect(SSLContext ctx, InetSocketAddress address, String name, String[] alpn, int timeoutMillis)
            throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(address, timeoutMillis);
            String peer = name != null ? name : address.getAddress().getHostAddress();
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, peer, address.getPort(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setProtocols(PROTOCOLS);
            if (name != null) {
                p.setServerNames(List.of(new SNIHostName(name)));
            }
            if (alpn != null) {
                p.setApplicationProtocols(alpn);
            }
            s.setSSLParameters(p);
            s.setSoTimeout(Math.max(1, timeoutMillis));
            s.startHandshake();
            return s;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
