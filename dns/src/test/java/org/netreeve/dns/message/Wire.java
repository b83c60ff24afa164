package org.netreeve.dns.message;

import java.io.ByteArrayOutputStream;

/** Builds DNS messages byte by byte, so tests can make every kind of malformed one. */
final class Wire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire header(int id, int flags, int qd, int an, int ns, int ar) {
        return new Wire().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
    }

    Wire u8(int v) {
        out.write(v);
        return this;
    }

    Wire u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    Wire u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    /** Labels of a dotted name, ending with the root label. */
    Wire name(String dotted) {
        for (String label : dotted.split("\\.")) {
            if (!label.isEmpty()) {
                u8(label.length());
                out.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return u8(0);
    }

    Wire bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** An OPT record: udp size, version, DO bit. */
    Wire opt(int udpSize, int version, boolean dnssecOk) {
        return u8(0).u16(41).u16(udpSize).u8(0).u8(version).u16(dnssecOk ? 0x8000 : 0).u16(0);
    }

    byte[] build() {
        return out.toByteArray();
    }

    /** A well-formed A query with RD set. */
    static byte[] query(int id, String name, boolean edns) {
        Wire w = header(id, 0x0100, 1, 0, 0, edns ? 1 : 0).name(name).u16(1).u16(1);
        if (edns) {
            w.opt(4096, 0, false);
        }
        return w.build();
    }
}
