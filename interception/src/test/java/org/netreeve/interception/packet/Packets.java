package org.netreeve.interception.packet;

import java.io.ByteArrayOutputStream;

/** Builds test packets byte by byte; checksums are left 0 because the parser never reads them. */
final class Packets {
    static final byte[] V4_SRC = {10, 0, 0, 1};
    static final byte[] V4_DST = {(byte) 192, (byte) 168, 1, 2};
    static final byte[] V6_SRC = bytes("20010db8000000000000000000000001");
    static final byte[] V6_DST = bytes("20010db8000000000000000000000002");

    private Packets() {
    }

    static byte[] bytes(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] tcp(int sourcePort, int destinationPort, long sequence, int flags, int dataOffsetWords,
            int payloadLength) {
        byte[] header = new byte[Math.max(20, dataOffsetWords * 4) + payloadLength];
        put16(header, 0, sourcePort);
        put16(header, 2, destinationPort);
        put32(header, 4, (int) sequence);
        header[12] = (byte) ((dataOffsetWords << 4) | ((flags >> 8) & 1));
        header[13] = (byte) flags;
        put16(header, 14, 65535);
        return header;
    }

    static byte[] udp(int sourcePort, int destinationPort, int payloadLength) {
        byte[] datagram = new byte[8 + payloadLength];
        put16(datagram, 0, sourcePort);
        put16(datagram, 2, destinationPort);
        put16(datagram, 4, 8 + payloadLength);
        return datagram;
    }

    static byte[] icmp(int type, int code, int identifier, byte[] body) {
        byte[] header = new byte[8];
        header[0] = (byte) type;
        header[1] = (byte) code;
        put16(header, 4, identifier);
        return concat(header, body);
    }

    /** IPv4 with a 20-byte header plus {@code optionWords} words of options. */
    static byte[] ipv4(int protocol, byte[] payload, int optionWords, int flagsAndOffset) {
        int headerLength = 20 + optionWords * 4;
        byte[] header = new byte[headerLength];
        header[0] = (byte) (0x40 | (headerLength / 4));
        put16(header, 2, headerLength + payload.length);
        put16(header, 6, flagsAndOffset);
        header[8] = 64;
        header[9] = (byte) protocol;
        System.arraycopy(V4_SRC, 0, header, 12, 4);
        System.arraycopy(V4_DST, 0, header, 16, 4);
        return concat(header, payload);
    }

    static byte[] ipv4(int protocol, byte[] payload) {
        return ipv4(protocol, payload, 0, 0x4000);
    }

    static byte[] ipv6(int nextHeader, byte[] payload) {
        byte[] header = new byte[40];
        header[0] = 0x60;
        put16(header, 4, payload.length);
        header[6] = (byte) nextHeader;
        header[7] = 64;
        System.arraycopy(V6_SRC, 0, header, 8, 16);
        System.arraycopy(V6_DST, 0, header, 24, 16);
        return concat(header, payload);
    }

    /** A generic extension header (hop-by-hop, routing, destination options) of (lengthUnits+1)*8 bytes. */
    static byte[] extension(int nextHeader, int lengthUnits) {
        byte[] header = new byte[(lengthUnits + 1) * 8];
        header[0] = (byte) nextHeader;
        header[1] = (byte) lengthUnits;
        return header;
    }

    static byte[] fragmentHeader(int nextHeader, int offsetBytes, boolean more) {
        byte[] header = new byte[8];
        header[0] = (byte) nextHeader;
        put16(header, 2, (offsetBytes & 0xfff8) | (more ? 1 : 0));
        put32(header, 4, 0x1234);
        return header;
    }

    /** An AH header with payload length field {@code lengthField}: (lengthField+2)*4 bytes. */
    static byte[] authenticationHeader(int nextHeader, int lengthField) {
        byte[] header = new byte[(lengthField + 2) * 4];
        header[0] = (byte) nextHeader;
        header[1] = (byte) lengthField;
        return header;
    }

    static void put16(byte[] into, int offset, int value) {
        into[offset] = (byte) (value >>> 8);
        into[offset + 1] = (byte) value;
    }

    static void put32(byte[] into, int offset, int value) {
        put16(into, offset, value >>> 16);
        put16(into, offset + 2, value);
    }
}
