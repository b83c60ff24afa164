package org.netreeve.process.diag;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.netreeve.net.netlink.Errno;
import org.netreeve.net.netlink.NetlinkException;
import org.netreeve.net.netlink.NetlinkSocket;

/**
 * inet_diag lookups over a NETLINK_SOCK_DIAG socket (the product's one netlink socket layer) of
 * the calling process's network namespace.
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
  private final ByteBuffer request = NetlinkSocket.allocateBuffer(InetDiagCodec.DUMP_BY_PORT_LENGTH);
  private final ByteBuffer reply = NetlinkSocket.allocateBuffer(RECEIVE_BUFFER);
  private final NetlinkSocket socket;
  private boolean closed;
  private int sequence;

  private NetlinkInetDiag(NetlinkSocket socket) {
    this.socket = socket;
  }

  /**
   * Opens a sock_diag socket.
   *
   * @param timeout how long one lookup may wait for the kernel's answer
   * @throws DiagException when the socket cannot be opened (no netlink support, seccomp)
   */
  public static NetlinkInetDiag open(Duration timeout) throws DiagException {
    NetlinkSocket socket;
    try {
      socket = NetlinkSocket.open(NetlinkSocket.NETLINK_SOCK_DIAG);
    } catch (NetlinkException e) {
      throw new DiagException("cannot open a NETLINK_SOCK_DIAG socket: " + e.getMessage(), e.errno());
    }
    try {
      // A zero timeout would mean "wait forever": at least one microsecond.
      Duration bounded = timeout.toNanos() < 1000 ? Duration.ofNanos(1000) : timeout;
      socket.setReceiveTimeout(bounded);
      socket.setSendTimeout(bounded);
    } catch (NetlinkException e) {
      socket.close();
      throw new DiagException("cannot set the sock_diag socket's timeout: " + e.getMessage(), e.errno());
    }
    return new NetlinkInetDiag(socket);
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
      if (closed) {
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
      if (closed) {
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
      if (error == Errno.ENOENT) {
        return Boolean.FALSE;
      }
      throw new DiagException("sock_diag destroy refused: " + Errno.describe(error), error);
    });
  }

  @Override
  public List<SocketEntry> dumpByLocalPort(int family, int protocol, int localPort)
      throws DiagException {
    lock.lock();
    try {
      if (closed) {
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
        if (error == Errno.ENOENT) {
          return sockets;
        }
        throw new DiagException("sock_diag dump refused: " + Errno.describe(error), error);
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
    try {
      socket.send(request, length);
    } catch (NetlinkException e) {
      throw new DiagException("sock_diag request not sent: " + e.getMessage(), e.errno());
    }
  }

  private static final SocketEntry NONE = null;

  private SocketEntry receive(int seq) throws DiagException {
    Object found = receiveMatching(seq, (type, offset, length) -> {
      if (type == InetDiagCodec.NLMSG_ERROR) {
        int error = -codec.errorCode(reply, offset);
        if (error == Errno.ENOENT) {
          return NO_SOCKET;
        }
        throw new DiagException("sock_diag lookup refused: " + Errno.describe(error), error);
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
      int received;
      try {
        received = socket.receive(reply, false);
      } catch (NetlinkException e) {
        throw new DiagException("sock_diag answer not received: " + e.getMessage(), e.errno());
      }
      if (received == -Errno.EINTR || received == -Errno.ENOBUFS) {
        continue;
      }
      if (received < 0) {
        throw new DiagException("sock_diag answer not received: no answer in time", -received);
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
      if (!closed) {
        closed = true;
        socket.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
