package org.netreeve.process.diag;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * inet_diag lookups over a NETLINK_SOCK_DIAG socket of the calling process's network namespace.
 *
 * <p>sock_diag answers for the network namespace the socket was opened in: a resolver must run
 * in the namespace whose connections it attributes.
 *
 * <p>Thread rules: one netlink socket and one pair of buffers, reused for every lookup and
 * guarded by a lock, so any thread may call {@link #lookup} and lookups run one at a time. A
 * lookup holds the lock for one send and one receive (a few µs); a dump for a local port
 * ({@link #dumpByLocalPort}) for one send and the receives of its filtered answer. The receive
 * timeout bounds both even if the kernel never answers. Callers that need more parallelism open
 * one instance each.
 */
public final class NetlinkInetDiag implements InetDiag, AutoCloseable {

  /** Large enough for any netlink message the kernel sends a reader of this buffer size. */
  private static final int RECEIVE_BUFFER = 32768;
  /** A dump never keeps more sockets than this; the rest is read and dropped. */
  private static final int MAX_DUMPED = 64;

  private final InetDiagCodec codec = new InetDiagCodec();
  private final ReentrantLock lock = new ReentrantLock();
  private final Memory requestMemory = new Memory(InetDiagCodec.DUMP_BY_PORT_LENGTH);
  private final Memory replyMemory = new Memory(RECEIVE_BUFFER);
  private final ByteBuffer request =
      requestMemory.getByteBuffer(0, requestMemory.size()).order(ByteOrder.nativeOrder());
  private final ByteBuffer reply =
      replyMemory.getByteBuffer(0, replyMemory.size()).order(ByteOrder.nativeOrder());
  private int fd;
  private int sequence;

  private NetlinkInetDiag(int fd) {
    this.fd = fd;
  }

  /**
   * Opens a sock_diag socket.
   *
   * @param timeout how long one lookup may wait for the kernel's answer
   * @throws DiagException when the socket cannot be opened (no netlink support, seccomp)
   */
  public static NetlinkInetDiag open(Duration timeout) throws DiagException {
    int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
        LibC.NETLINK_SOCK_DIAG);
    if (fd < 0) {
      int errno = Native.getLastError();
      throw new DiagException("cannot open a NETLINK_SOCK_DIAG socket: " + LibC.describe(errno),
          errno);
    }
    NetlinkInetDiag diag = new NetlinkInetDiag(fd);
    try {
      diag.setTimeout(LibC.SO_RCVTIMEO, timeout);
      diag.setTimeout(LibC.SO_SNDTIMEO, timeout);
    } catch (DiagException e) {
      diag.close();
      throw e;
    }
    return diag;
  }

  private void setTimeout(int option, Duration timeout) throws DiagException {
    try (Memory timeval = new Memory(16)) {
      // struct timeval on 64-bit Linux: tv_sec and tv_usec, both 64 bits.
      long micros = Math.max(1, timeout.toNanos() / 1000);
      timeval.setLong(0, micros / 1_000_000);
      timeval.setLong(8, micros % 1_000_000);
      if (LibC.setsockopt(fd, LibC.SOL_SOCKET, option, timeval, 16) != 0) {
        int errno = Native.getLastError();
        throw new DiagException("cannot set the sock_diag socket's timeout: "
            + LibC.describe(errno), errno);
      }
    }
  }

  @Override
  public SocketEntry lookup(
      int family,
      int protocol,
      byte[] srcAddress,
      int srcPort,
      byte[] dstAddress,
      int dstPort,
      int ifIndex)
      throws DiagException {
    lock.lock();
    try {
      if (fd < 0) {
        throw new DiagException("the sock_diag socket is closed", 0);
      }
      int seq = ++sequence;
      int length = codec.encodeLookup(request, seq, family, protocol, srcAddress, srcPort,
          dstAddress, dstPort, ifIndex);
      sendFully(length);
      return receive(seq);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean destroy(int family, int protocol, byte[] srcAddress, int srcPort, byte[] dstAddress, int dstPort)
      throws DiagException {
    lock.lock();
    try {
      if (fd < 0) {
        throw new DiagException("the sock_diag socket is closed", 0);
      }
      int seq = ++sequence;
      int length = codec.encodeDestroy(request, seq, family, protocol, srcAddress, srcPort, dstAddress, dstPort);
      sendFully(length);
      return receiveAck(seq);
    } finally {
      lock.unlock();
    }
  }

  private boolean receiveAck(int seq) throws DiagException {
    return receiveMatching(seq, (type, offset, length) -> {
      if (type != InetDiagCodec.NLMSG_ERROR) {
        return null;
      }
      int error = -codec.errorCode(reply, offset);
      if (error == 0) {
        return Boolean.TRUE;
      }
      if (error == LibC.ENOENT) {
        return Boolean.FALSE;
      }
      throw new DiagException("sock_diag destroy refused: " + LibC.describe(error), error);
    });
  }

  @Override
  public List<SocketEntry> dumpByLocalPort(int family, int protocol, int localPort)
      throws DiagException {
    lock.lock();
    try {
      if (fd < 0) {
        throw new DiagException("the sock_diag socket is closed", 0);
      }
      int seq = ++sequence;
      int length = codec.encodeDumpByLocalPort(request, seq, family, protocol, localPort);
      sendFully(length);
      return receiveDump(seq);
    } finally {
      lock.unlock();
    }
  }

  private List<SocketEntry> receiveDump(int seq) throws DiagException {
    List<SocketEntry> sockets = new ArrayList<>();
    return receiveMatching(seq, (type, offset, length) -> {
      if (type == InetDiagCodec.NLMSG_DONE) {
        return sockets;
      }
      if (type == InetDiagCodec.NLMSG_ERROR) {
        int error = -codec.errorCode(reply, offset);
        if (error == LibC.ENOENT) {
          return sockets;
        }
        throw new DiagException("sock_diag dump refused: " + LibC.describe(error), error);
      }
      if (type == InetDiagCodec.SOCK_DIAG_BY_FAMILY && sockets.size() < MAX_DUMPED) {
        sockets.add(decode(offset, length));
      }
      return null;
    });
  }

  private SocketEntry decode(int offset, int length) throws DiagException {
    try {
      return codec.decodeSocket(reply, offset, length);
    } catch (IllegalArgumentException e) {
      throw new DiagException(e.getMessage(), 0);
    }
  }

  private void sendFully(int length) throws DiagException {
    while (true) {
      long sent = LibC.send(fd, requestMemory, length, 0);
      if (sent == length) {
        return;
      }
      int errno = sent < 0 ? Native.getLastError() : 0;
      if (errno == LibC.EINTR) {
        continue;
      }
      throw new DiagException("sock_diag request not sent: "
          + (sent < 0 ? LibC.describe(errno) : "short send of " + sent + " bytes"), errno);
    }
  }

  private static final SocketEntry NONE = null;

  private SocketEntry receive(int seq) throws DiagException {
    Object found = receiveMatching(seq, (type, offset, length) -> {
      if (type == InetDiagCodec.NLMSG_ERROR) {
        int error = -codec.errorCode(reply, offset);
        if (error == LibC.ENOENT) {
          return NO_SOCKET;
        }
        throw new DiagException("sock_diag lookup refused: " + LibC.describe(error), error);
      }
      if (type == InetDiagCodec.SOCK_DIAG_BY_FAMILY) {
        return decode(offset, length);
      }
      return type == InetDiagCodec.NLMSG_DONE ? NO_SOCKET : null;
    });
    return found == NO_SOCKET ? NONE : (SocketEntry) found;
  }

  /** What {@link #receive} answers when the kernel has no such socket. */
  private static final Object NO_SOCKET = new Object();

  /** Reads one message of a reply, at {@code offset}; returns the answer, or null to read on. */
  private interface ReplyHandler<T> {
    T handle(int type, int offset, int length) throws DiagException;
  }

  /**
   * Receives until {@code handler} answers a message of sequence {@code seq}. Answers to earlier
   * requests that timed out may still be queued: they are skipped by sequence.
   */
  private <T> T receiveMatching(int seq, ReplyHandler<T> handler) throws DiagException {
    while (true) {
      long received = LibC.recv(fd, replyMemory, RECEIVE_BUFFER, 0);
      if (received < 0) {
        int errno = Native.getLastError();
        if (errno == LibC.EINTR) {
          continue;
        }
        String why = errno == LibC.EAGAIN ? "no answer in time" : LibC.describe(errno);
        throw new DiagException("sock_diag answer not received: " + why, errno);
      }
      int offset = 0;
      while (received - offset >= InetDiagCodec.NLMSG_HDRLEN) {
        int length = codec.messageLength(reply, offset);
        if (length < InetDiagCodec.NLMSG_HDRLEN || length > received - offset) {
          throw new DiagException("malformed netlink message of length " + length, 0);
        }
        if (codec.messageSequence(reply, offset) == seq) {
          T answer = handler.handle(codec.messageType(reply, offset), offset, (int) received - offset);
          if (answer != null) {
            return answer;
          }
        }
        offset += (length + 3) & ~3; // NLMSG_ALIGN
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (fd >= 0) {
        LibC.close(fd);
        fd = -1;
      }
    } finally {
      lock.unlock();
    }
  }
}
