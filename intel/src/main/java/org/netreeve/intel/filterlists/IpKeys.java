package org.netreeve.intel.filterlists;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The keys of IP entries: IPv4 addresses as themselves below a tag, IPv6 addresses hashed like
 * names (the literals are parsed by {@link org.netreeve.net.address.IpLiteral}).
 */
final class IpKeys {

    /** Tag of IPv4 keys: the address itself below it, so IPv4 keys never collide with each other. */
    private static final long V4_TAG = 0x4000_0000_0000_0000L;

    private IpKeys() {
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
