package org.netreeve.daemon.pipeline;

import org.netreeve.engine.facts.PacketFacts;

/**
 * Reads what stage packet needs from a payload: is it a TLS handshake, and which is the highest
 * version its ClientHello offers (the supported_versions extension for TLS 1.3, else the
 * ClientHello's own version). Never throws: anything unreadable is "not TLS".
 */
public final class TlsInspector {

  /** A payload, readable byte by byte (the packet stays in the queue's buffer). */
  public interface Bytes {
    int length();

    int at(int index);
  }

  private TlsInspector() {}

  /** The facts of one packet: {@code index} counts the packets of the connection seen so far. */
  public static PacketFacts inspect(int index, Bytes payload) {
    int n = payload.length();
    if (n == 0) {
      return new PacketFacts(index, 0, false, 0);
    }
    // TLS record: type 22 (handshake), version 3.x, then a ClientHello (handshake type 1).
    if (n < 6 || payload.at(0) != 22 || payload.at(1) != 3 || payload.at(5) != 1) {
      return new PacketFacts(index, n, false, 0);
    }
    return new PacketFacts(index, n, true, clientHelloVersion(payload));
  }

  private static int clientHelloVersion(Bytes p) {
    int n = p.length();
    // record header 5, handshake header 4: client_version at 9
    if (n < 11) {
      return 0;
    }
    int version = (p.at(9) << 8) | p.at(10);
    int pos = 11 + 32; // random
    if (pos >= n) {
      return version;
    }
    pos += 1 + p.at(pos); // session id
    if (pos + 2 > n) {
      return version;
    }
    pos += 2 + ((p.at(pos) << 8) | p.at(pos + 1)); // cipher suites
    if (pos >= n) {
      return version;
    }
    pos += 1 + p.at(pos); // compression methods
    if (pos + 2 > n) {
      return version;
    }
    int end = Math.min(n, pos + 2 + ((p.at(pos) << 8) | p.at(pos + 1)));
    pos += 2;
    while (pos + 4 <= end) {
      int type = (p.at(pos) << 8) | p.at(pos + 1);
      int len = (p.at(pos + 2) << 8) | p.at(pos + 3);
      pos += 4;
      if (type == 43 && pos < end) { // supported_versions: a length byte, then 2-byte versions
        int listEnd = Math.min(end, pos + 1 + p.at(pos));
        int best = version;
        for (int i = pos + 1; i + 2 <= listEnd; i += 2) {
          int v = (p.at(i) << 8) | p.at(i + 1);
          // Ignore GREASE values (0x?a?a) and anything that is not 3.x.
          if ((v & 0x0f0f) != 0x0a0a && (v >> 8) == 3 && v > best) {
            best = v;
          }
        }
        return best;
      }
      pos += len;
    }
    return version;
  }
}
