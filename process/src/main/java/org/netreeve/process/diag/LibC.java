package org.netreeve.process.diag;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls a netlink socket needs, bound by JNA direct mapping: it avoids the
 * per-call reflection of interface mapping, which would cost more than the lookup itself.
 *
 * <p>{@code size_t}/{@code ssize_t} are mapped to {@code long}: Netreeve runs on 64-bit Linux only.
 */
final class LibC {

  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_SOCK_DIAG = 4;
  static final int SOL_SOCKET = 1;
  static final int SO_RCVTIMEO = 20;
  static final int SO_SNDTIMEO = 21;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int ENOENT = 2;

  static {
    Native.register(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
  }

  private LibC() {}

  static native int socket(int domain, int type, int protocol);

  static native int setsockopt(int fd, int level, int name, Pointer value, int length);

  static native long send(int fd, Pointer buffer, long length, int flags);

  static native long recv(int fd, Pointer buffer, long length, int flags);

  static native int close(int fd);

  static native Pointer strerror(int errno);

  static String describe(int errno) {
    Pointer message = strerror(errno);
    return message == null ? "errno " + errno : message.getString(0) + " (errno " + errno + ")";
  }
}
