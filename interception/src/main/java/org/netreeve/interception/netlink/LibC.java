package org.netreeve.interception.netlink;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.Buffer;

/**
 * Direct-mapped libc calls. Direct mapping is used because it is several times cheaper per call
 * than interface mapping, and the receive loop calls {@code recv} once per packet. {@code size_t}
 * and {@code ssize_t} are mapped to {@code long}, which is exact on the 64-bit Linux targets the
 * product supports. errno is read with {@link Native#getLastError()} right after a call returns -1.
 */
final class LibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SOL_NETLINK = 270;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_RCVTIMEO = 20;
    static final int NETLINK_NO_ENOBUFS = 5;
    static final int NETLINK_EXT_ACK = 11;
    static final int MSG_DONTWAIT = 0x40;

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, Buffer address, int addressLength);

    static native long sendto(int fd, Buffer buffer, long length, int flags, Buffer address, int addressLength);

    static native long recv(int fd, Buffer buffer, long length, int flags);

    static native int setsockopt(int fd, int level, int name, Buffer value, int valueLength);

    static native int close(int fd);

    static native String strerror(int errno);

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }
}
