package org.netreeve.engine.facts;

/**
 * What inspection saw on a packet of a connection that stays in user space (stage packet).
 *
 * @param packetIndex   1 for the first packet of the connection, counting on
 * @param payloadLength length of the transport payload
 * @param tlsRecord     true when the payload starts with a TLS handshake record
 * @param tlsVersion    the highest TLS version the ClientHello offers (0x0303 = TLS 1.2,
 *                      0x0304 = TLS 1.3), 0 when none was seen
 */
public record PacketFacts(int packetIndex, int payloadLength, boolean tlsRecord, int tlsVersion) {

  public static final PacketFacts NONE = new PacketFacts(0, 0, false, 0);

  public boolean hasPayload() {
    return payloadLength > 0;
  }

  /** True when the payload is something other than a TLS handshake: plaintext on a TLS-only link. */
  public boolean plaintext() {
    return payloadLength > 0 && !tlsRecord;
  }

  public String tlsVersionName() {
    return switch (tlsVersion) {
      case 0x0300 -> "SSL 3.0";
      case 0x0301 -> "TLS 1.0";
      case 0x0302 -> "TLS 1.1";
      case 0x0303 -> "TLS 1.2";
      case 0x0304 -> "TLS 1.3";
      default -> tlsVersion == 0 ? "none" : String.format("0x%04x", tlsVersion);
    };
  }
}
