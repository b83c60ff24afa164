package org.netreeve.intel.filterlists;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Parsing of IP address literals without any name resolution ({@link InetAddress#getByName}
 * would query DNS for anything that is not a literal), and the keys of IP entries.
 */
final class IpLiterals {

    /** Tag of IPv4 keys: the address itself below it, so IPv4 keys never collide with each other. */
    private static final long V4_TAG = 0x4000_0000_0000_0000L;

    private IpLiterals() {
    }

    /** The IPv4 address in {@code b[from, to)} as an unsigned int in a long, or -1. */
    static long parseV4(byte[] b, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int part = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                part = part * 10 + (b[i] - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || part > 255 || (len > 1 && b[start] == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || b[i] != '.') {
                return -1;
            }
            i++;
        }
    }

    /**
     * The IPv6 address in {@code b[from, to)} (zone id after {@code %} ignored, embedded IPv4
     * allowed) as 16 bytes, or null.
     */
    static byte[] parseV6(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '%') {
                to = i;
                break;
            }
        }
        if (to - from < 2) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return null;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                return new byte[16];
            }
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && hex(b[i]) >= 0 && i - start < 4) {
                value = (value << 4) | hex(b[i]);
                i++;
            }
            if (i < to && b[i] == '.') {
                // Embedded IPv4 in the last 32 bits.
                long v4 = parseV4(b, start, to);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            if (i == start || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return null;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            } else if (i == to) {
                return null;
            }
        }
        if (gap < 0 && count != 8 || gap >= 0 && count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        int zeros = 8 - count;
        int g = 0;
        for (int k = 0; k < 8; k++) {
            int v;
            if (gap >= 0 && k >= gap && k < gap + zeros) {
                v = 0;
            } else {
                v = groups[g++];
            }
            out[2 * k] = (byte) (v >>> 8);
            out[2 * k + 1] = (byte) v;
        }
        return out;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The key of an IPv4 address given as unsigned int. */
    static long v4Key(long address) {
        return V4_TAG | (address & 0xFFFF_FFFFL);
    }

    /** The key of an address of 4 or 16 bytes; IPv4-mapped IPv6 addresses share the IPv4 key. */
    static long key(byte[] a, long seed) {
        if (a.length == 4) {
            return v4Key(((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL));
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("address of " + a.length + " bytes");
        }
        boolean mapped = a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = a[i] == 0;
        }
        if (mapped) {
            return v4Key(((a[12] & 0xFFL) << 24) | ((a[13] & 0xFFL) << 16) | ((a[14] & 0xFFL) << 8) | (a[15] & 0xFFL));
        }
        long h = seed ^ 0x6A09E667F3BCC908L;
        for (byte x : a) {
            h = DomainKeys.step(h, x & 0xFF);
        }
        long k = DomainKeys.finish(h);
        // Keep IPv6 keys out of the IPv4 key range so the two can never meet.
        return (k & 0xC000_0000_0000_0000L) == V4_TAG ? k ^ 0x8000_0000_0000_0000L : k;
    }

    static long key(InetAddress address, long seed) {
        if (address instanceof Inet4Address v4) {
            byte[] a = v4.getAddress();
            return key(a, seed);
        }
        return key(address.getAddress(), seed);
    }
}
