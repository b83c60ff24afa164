package org.netreeve.dns.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The network scope of an address, as far as rebinding protection needs it. This is deliberately
 * the coarse view a resolver needs; the firewall's own scope classification lives with the intel data.
 */
public enum AddressScope {
    /** This host: 127.0.0.0/8, ::1, and the unspecified addresses 0.0.0.0/8 and :: (which reach this host). */
    LOCALHOST,
    /** Private, shared (CGNAT), link-local and unique-local addresses. */
    LAN,
    /** Multicast groups. */
    MULTICAST,
    /** Everything else. */
    GLOBAL;

    /** Classifies one address. */
    public static AddressScope of(InetAddress address) {
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            if (a0 == 127 || a0 == 0) {
                return LOCALHOST;
            }
            if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
                    || (a0 == 169 && a1 == 254) || (a0 == 100 && a1 >= 64 && a1 <= 127)) {
                return LAN;
            }
            if (a0 >= 224 && a0 <= 239) {
                return MULTICAST;
            }
            return GLOBAL;
        }
        if (address instanceof Inet6Address) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                return LOCALHOST;
            }
            byte[] b = address.getAddress();
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            if ((a0 & 0xfe) == 0xfc || (a0 == 0xfe && (a1 & 0xc0) == 0x80) || (a0 == 0xfe && (a1 & 0xc0) == 0xc0)) {
                return LAN;
            }
            if (a0 == 0xff) {
                return MULTICAST;
            }
            return GLOBAL;
        }
        throw new IllegalArgumentException("unknown address family: " + address);
    }
}
