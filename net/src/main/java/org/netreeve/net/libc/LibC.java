package org.netreeve.net.libc;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.Buffer;

/**
 * The product's one binding of the C library: the socket calls of netlink (nfqueue, conntrack,
 * sock_diag) and the file calls that /proc scans make thousands of times.
 *
 * <p>Direct mapping is used because it is several times cheaper per call than interface mapping:
 * the queue's receive loop calls {@code recv} once per packet, and a /proc scan calls
 * {@code readlink} once per descriptor. {@code size_t} and {@code ssize_t} are mapped to
 * {@code long}, which is exact on the 64-bit Linux targets the product supports. errno is read
 * with {@link Native#getLastError()} right after a call returns -1. Buffers passed as
 * {@link Buffer} must be direct; paths are NUL-terminated byte arrays.
 */
public final class LibC {
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SOL_NETLINK = 270;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDTIMEO = 21;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int NETLINK_NO_ENOBUFS = 5;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int MSG_DONTWAIT = 0x40;

  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int STATX_UID = 0x8;

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  public static native int socket(int domain, int type, int protocol);

  public static native int bind(int fd, Buffer address, int addressLength);

  public static native long sendto(int fd, Buffer buffer, long length, int flags, Buffer address, int addressLength);

  public static native long recv(int fd, Buffer buffer, long length, int flags);

  public static native int setsockopt(int fd, int level, int name, Buffer value, int valueLength);

  public static native int close(int fd);

  public static native String strerror(int errno);

  public static native long readlink(byte[] path, byte[] buffer, long size);

  public static native int open(byte[] path, int flags);

  public static native long read(int fd, byte[] buffer, long count);

  public static native int statx(int dirfd, byte[] path, int flags, int mask, byte[] buffer);
}
