package org.netreeve.net.proc;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.netreeve.net.libc.LibC;
import org.netreeve.net.netlink.Errno;

/**
 * The few file system calls a /proc scan makes thousands of times, through the one C library
 * binding on byte arrays: on this kind of machine java.nio's readlink costs about three times and
 * its attribute lookup twenty times the system call.
 *
 * <p>Paths are NUL-terminated byte arrays that callers build without allocating Strings.
 * Stateless and thread-safe: every call brings its own buffers.
 */
public final class ProcFiles {

  /** struct statx is the same on every architecture; stx_uid is at byte 20. */
  private static final int STATX_SIZE = 256;
  private static final int STX_UID_OFFSET = 20;

  private ProcFiles() {}

  /** {@link #readLink} result for a target that does not fit the buffer. */
  public static final int TOO_LONG = -2;

  /**
   * Reads a symbolic link into {@code buffer}.
   *
   * @return the length of the target; -1 when it cannot be read (gone, not a link, no
   *     access); {@link #TOO_LONG} when it may not fit
   */
  public static int readLink(byte[] path, byte[] buffer) {
    long length = LibC.readlink(path, buffer, buffer.length);
    if (length < 0) {
      return -1;
    }
    return length >= buffer.length ? TOO_LONG : (int) length;
  }

  /** The owner uid of a path (not following a final symlink), or -1. */
  public static int ownerUid(byte[] path) {
    byte[] buffer = new byte[STATX_SIZE];
    if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_UID, buffer) != 0) {
      return -1;
    }
    return (buffer[STX_UID_OFFSET] & 0xFF)
        | (buffer[STX_UID_OFFSET + 1] & 0xFF) << 8
        | (buffer[STX_UID_OFFSET + 2] & 0xFF) << 16
        | (buffer[STX_UID_OFFSET + 3] & 0xFF) << 24;
  }

  /**
   * Reads a whole file. /proc files report size 0, so this reads until end of file.
   *
   * @throws NoSuchFileException when the file (or its process) is gone
   * @throws AccessDeniedException when it is not ours to read
   */
  public static byte[] readAll(byte[] path, int sizeHint) throws IOException {
    int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
    if (fd < 0) {
      throw failure(path, Native.getLastError());
    }
    try {
      byte[] buffer = new byte[Math.max(64, sizeHint)];
      int filled = 0;
      while (true) {
        if (filled == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        long n = readInto(fd, buffer, filled);
        if (n < 0) {
          int errno = Native.getLastError();
          if (errno == Errno.EINTR) {
            continue;
          }
          throw failure(path, errno);
        }
        if (n == 0) {
          return Arrays.copyOf(buffer, filled);
        }
        filled += (int) n;
      }
    } finally {
      LibC.close(fd);
    }
  }

  private static long readInto(int fd, byte[] buffer, int offset) {
    if (offset == 0) {
      return LibC.read(fd, buffer, buffer.length);
    }
    // Direct mapping cannot pass an array offset: read into a scratch array and copy.
    byte[] rest = new byte[buffer.length - offset];
    long n = LibC.read(fd, rest, rest.length);
    if (n > 0) {
      System.arraycopy(rest, 0, buffer, offset, (int) n);
    }
    return n;
  }

  private static IOException failure(byte[] path, int errno) {
    String name = pathString(path);
    if (errno == Errno.ENOENT || errno == Errno.ESRCH) {
      return new NoSuchFileException(name);
    }
    if (errno == Errno.EACCES || errno == Errno.EPERM) {
      return new AccessDeniedException(name);
    }
    return new IOException(name + ": errno " + errno);
  }

  /** A NUL-terminated path as text, for messages. */
  public static String pathString(byte[] path) {
    int end = 0;
    while (end < path.length && path[end] != 0) {
      end++;
    }
    return new String(path, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }
}
