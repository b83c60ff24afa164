package org.netreeve.dns.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DohResponseTest {

    @Test
    void readsContentLengthBodyAndKeepsAlive() throws Exception {
        DohUpstream.HttpResponse r = read("HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\n"
                + "Content-Length: 3\r\n\r\nabcEXTRA");
        assertEquals(200, r.status);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), r.body);
        assertTrue(r.keepAlive);
    }

    @Test
    void readsChunkedBody() throws Exception {
        DohUpstream.HttpResponse r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nab\r\n3;x=y\r\ncde\r\n0\r\n\r\n");
        assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), r.body);
    }

    @Test
    void connectionCloseEndsKeepAlive() throws Exception {
        assertFalse(read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keepAlive);
        assertFalse(read("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive);
    }

    @Test
    void rejectsNonHttpAndCutOffBodies() {
        assertThrows(UpstreamException.class, () -> read("SSH-2.0-OpenSSH\r\n\r\n"));
        assertThrows(EOFException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        assertThrows(UpstreamException.class, () -> read("HTTP/1.1 200 OK\r\nContent-Length: 99999\r\n\r\n"));
    }

    private static DohUpstream.HttpResponse read(String text) throws Exception {
        return DohUpstream.HttpResponse.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
