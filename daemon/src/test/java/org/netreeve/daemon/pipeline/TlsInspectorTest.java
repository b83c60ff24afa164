package org.netreeve.daemon.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.facts.PacketFacts;

class TlsInspectorTest {

  private static PacketFacts inspect(byte[] b) {
    return TlsInspector.inspect(3, new TlsInspector.Bytes() {
      public int length() {
        return b.length;
      }

      public int at(int i) {
        return b[i] & 0xff;
      }
    });
  }

  /** A ClientHello record: legacy version {@code version}, and supported_versions when given. */
  static byte[] clientHello(int version, int... supported) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version & 0xff);
    body.writeBytes(new byte[32]); // random
    body.write(0); // session id
    body.write(0);
    body.write(2);
    body.write(0x13);
    body.write(0x01); // one cipher suite
    body.write(1);
    body.write(0); // compression: null
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    // server_name extension first, to show the parser walks extensions
    ext.write(0);
    ext.write(0);
    ext.write(0);
    ext.write(3);
    ext.writeBytes(new byte[] {1, 2, 3});
    if (supported.length > 0) {
      ext.write(0);
      ext.write(43);
      ext.write(0);
      ext.write(1 + 2 * supported.length);
      ext.write(2 * supported.length);
      for (int v : supported) {
        ext.write(v >> 8);
        ext.write(v & 0xff);
      }
    }
    byte[] e = ext.toByteArray();
    body.write(e.length >> 8);
    body.write(e.length & 0xff);
    body.writeBytes(e);
    byte[] hs = body.toByteArray();
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.write(22);
    rec.write(3);
    rec.write(1);
    int len = hs.length + 4;
    rec.write(len >> 8);
    rec.write(len & 0xff);
    rec.write(1); // ClientHello
    rec.write(0);
    rec.write(hs.length >> 8);
    rec.write(hs.length & 0xff);
    rec.writeBytes(hs);
    return rec.toByteArray();
  }

  @Test
  void readsTls13FromSupportedVersionsIgnoringGrease() {
    PacketFacts f = inspect(clientHello(0x0303, 0x0a0a, 0x0304, 0x0303));
    assertTrue(f.tlsRecord());
    assertEquals(0x0304, f.tlsVersion());
    assertEquals("TLS 1.3", f.tlsVersionName());
  }

  @Test
  void readsTheClientHelloVersionWithoutTheExtension() {
    PacketFacts f = inspect(clientHello(0x0301));
    assertTrue(f.tlsRecord());
    assertEquals(0x0301, f.tlsVersion());
  }

  @Test
  void plaintextIsNotTls() {
    PacketFacts f = inspect("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
    assertFalse(f.tlsRecord());
    assertTrue(f.plaintext());
  }

  @Test
  void anEmptyPayloadIsWaiting() {
    PacketFacts f = inspect(new byte[0]);
    assertFalse(f.hasPayload());
    assertFalse(f.plaintext());
  }

  @Test
  void aTruncatedHelloNeverThrows() {
    byte[] full = clientHello(0x0303, 0x0304);
    for (int n = 0; n < full.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(full, n);
      PacketFacts f = inspect(cut);
      assertEquals(n, f.payloadLength());
    }
  }
}
