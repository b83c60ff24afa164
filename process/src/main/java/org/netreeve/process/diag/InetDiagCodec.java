package org.netreeve.process.diag;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes SOCK_DIAG_BY_FAMILY requests and decodes the kernel's answers, on plain byte buffers so
 * the layout can be tested without a kernel.
 *
 * <p>Byte order is mixed, as in the kernel's headers: the netlink header, idiag_states,
 * idiag_if, the cookie, uid and inode are in host order; ports and addresses (the {@code __be16}
 * and {@code __be32} fields of inet_diag_sockid) are big-endian. Layouts (linux/inet_diag.h,
 * linux/netlink.h):
 *
 * <pre>
 * nlmsghdr (16)          len u32 | type u16 | flags u16 | seq u32 | pid u32
 * inet_diag_req_v2 (56)  family u8 | protocol u8 | ext u8 | pad u8 | states u32 | sockid
 * inet_diag_sockid (48)  sport be16 | dport be16 | src be32[4] | dst be32[4] | if u32 | cookie u32[2]
 * inet_diag_msg (72)     family u8 | state u8 | timer u8 | retrans u8 | sockid
 *                        | expires u32 | rqueue u32 | wqueue u32 | uid u32 | inode u32
 * nlmsgerr               error s32 (a negative errno, 0 for an acknowledgement) | request header
 * </pre>
 *
 * <p>Instances hold no state besides the host byte order and may be shared between threads.
 */
public final class InetDiagCodec {

  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int IPPROTO_TCP = 6;
  public static final int IPPROTO_UDP = 17;

  public static final int NLMSG_HDRLEN = 16;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int SOCK_DIAG_BY_FAMILY = 20;
  public static final int SOCK_DESTROY = 21;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_DUMP = 0x300;
  /** Request attribute carrying a filter program (linux/inet_diag.h). */
  public static final int INET_DIAG_REQ_BYTECODE = 1;
  /** Filter operations: local ("source") port greater-or-equal / less-or-equal. */
  public static final int INET_DIAG_BC_S_GE = 2;
  public static final int INET_DIAG_BC_S_LE = 3;

  /** Length of a whole request: netlink header and inet_diag_req_v2. */
  public static final int REQUEST_LENGTH = NLMSG_HDRLEN + 56;
  /** Length of a dump request filtered by local port: request, attribute header, 4 ops. */
  public static final int DUMP_BY_PORT_LENGTH = REQUEST_LENGTH + 4 + 16;
  /** Length of a netlink header followed by inet_diag_msg, without attributes. */
  public static final int MIN_REPLY_LENGTH = NLMSG_HDRLEN + 72;

  /** Matches any socket state: lookups of one socket ignore it, but say what we mean. */
  public static final int ALL_STATES = 0xFFFFFFFF;
  /** idiag_cookie value that tells the kernel not to check the cookie. */
  public static final int NO_COOKIE = 0xFFFFFFFF;

  private static final int SOCKID_IN_REQUEST = NLMSG_HDRLEN + 8;
  private static final int SOCKID_IN_MESSAGE = NLMSG_HDRLEN + 4;

  private final ByteOrder hostOrder;

  /** A codec for this machine's byte order. */
  public InetDiagCodec() {
    this(ByteOrder.nativeOrder());
  }

  /** A codec for the given host byte order (tests use both). */
  public InetDiagCodec(ByteOrder hostOrder) {
    this.hostOrder = hostOrder;
  }

  /** The byte order used for host-order fields. */
  public ByteOrder hostOrder() {
    return hostOrder;
  }

  /**
   * Writes a lookup of exactly one socket (NLM_F_REQUEST without NLM_F_DUMP) at index 0 of
   * {@code buffer}, leaving its position untouched. Only absolute operations are used, so a
   * buffer whose order is the host order is used as it is, without a view per call.
   *
   * <p>The meaning of src and dst depends on the protocol, because the kernel passes them
   * to its own lookup functions differently: for TCP, src is the local end; for UDP, src is the
   * remote end ("src and dst are swapped for historical reasons" in net/ipv4/udp_diag.c). See
   * {@link SocketLocator}, which hides this.
   *
   * @param address  16 bytes for AF_INET6, 4 bytes (or 16 with the first 4 used) for AF_INET
   * @return the number of bytes written
   */
  public int encodeLookup(
      ByteBuffer buffer,
      int sequence,
      int family,
      int protocol,
      byte[] srcAddress,
      int srcPort,
      byte[] dstAddress,
      int dstPort,
      int ifIndex) {
    if (family != AF_INET && family != AF_INET6) {
      throw new IllegalArgumentException("family " + family + " is neither AF_INET nor AF_INET6");
    }
    ByteBuffer b = inHostOrder(buffer);
    b.putInt(0, REQUEST_LENGTH);
    b.putShort(4, (short) SOCK_DIAG_BY_FAMILY);
    b.putShort(6, (short) NLM_F_REQUEST);
    b.putInt(8, sequence);
    b.putInt(12, 0); // port id 0: the kernel fills in ours
    b.put(16, (byte) family);
    b.put(17, (byte) protocol);
    b.put(18, (byte) 0); // no extensions requested
    b.put(19, (byte) 0);
    b.putInt(20, ALL_STATES);
    int id = SOCKID_IN_REQUEST;
    putPortBigEndian(b, id, srcPort);
    putPortBigEndian(b, id + 2, dstPort);
    putAddress(b, id + 4, srcAddress, family);
    putAddress(b, id + 20, dstAddress, family);
    b.putInt(id + 36, ifIndex);
    b.putInt(id + 40, NO_COOKIE);
    b.putInt(id + 44, NO_COOKIE);
    return REQUEST_LENGTH;
  }

  /**
   * Writes a dump of the sockets of one family and protocol whose local port is
   * {@code localPort}, at index 0 of {@code buffer}. The filter runs in the kernel, so the answer
   * holds only those sockets. It is the bytecode "sport >= P && sport <= P" (an inet_diag_bc_op
   * is code u8, yes u8, no u16; a port comparison carries the port in the {@code no} field of a
   * second op; a jump to exactly the end accepts, past it rejects), which every kernel with
   * inet_diag filters accepts.
   *
   * @return the number of bytes written
   */
  /** A SOCK_DESTROY request for one socket, named as in {@link #encodeLookup}; asks for an ACK. */
  public int encodeDestroy(ByteBuffer buffer, int sequence, int family, int protocol, byte[] srcAddress, int srcPort,
      byte[] dstAddress, int dstPort) {
    int length = encodeLookup(buffer, sequence, family, protocol, srcAddress, srcPort, dstAddress, dstPort, 0);
    ByteBuffer b = inHostOrder(buffer);
    b.putShort(4, (short) SOCK_DESTROY);
    b.putShort(6, (short) (NLM_F_REQUEST | NLM_F_ACK));
    return length;
  }

  public int encodeDumpByLocalPort(
      ByteBuffer buffer, int sequence, int family, int protocol, int localPort) {
    byte[] any = new byte[16];
    encodeLookup(buffer, sequence, family, protocol, any, 0, any, 0, 0);
    ByteBuffer b = inHostOrder(buffer);
    checkPort(localPort);
    b.putInt(0, DUMP_BY_PORT_LENGTH);
    b.putShort(6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
    int attribute = REQUEST_LENGTH;
    b.putShort(attribute, (short) (4 + 16));
    b.putShort(attribute + 2, (short) INET_DIAG_REQ_BYTECODE);
    int ops = attribute + 4;
    putOp(b, ops, INET_DIAG_BC_S_GE, 8, 16 + 4); // false: jump past the end, reject
    putOp(b, ops + 4, 0, 0, localPort);
    putOp(b, ops + 8, INET_DIAG_BC_S_LE, 8, 8 + 4);
    putOp(b, ops + 12, 0, 0, localPort);
    return DUMP_BY_PORT_LENGTH;
  }

  private static void putOp(ByteBuffer b, int index, int code, int yes, int no) {
    b.put(index, (byte) code);
    b.put(index + 1, (byte) yes);
    b.putShort(index + 2, (short) no);
  }

  /** nlmsg_len of the message at {@code offset}. */
  public int messageLength(ByteBuffer buffer, int offset) {
    return inHostOrder(buffer).getInt(offset);
  }

  /** nlmsg_type of the message at {@code offset}. */
  public int messageType(ByteBuffer buffer, int offset) {
    return Short.toUnsignedInt(inHostOrder(buffer).getShort(offset + 4));
  }

  /** nlmsg_seq of the message at {@code offset}. */
  public int messageSequence(ByteBuffer buffer, int offset) {
    return inHostOrder(buffer).getInt(offset + 8);
  }

  /** The (negative) errno of an NLMSG_ERROR message at {@code offset}; 0 is an acknowledgement. */
  public int errorCode(ByteBuffer buffer, int offset) {
    return inHostOrder(buffer).getInt(offset + NLMSG_HDRLEN);
  }

  /**
   * Decodes the inet_diag_msg of a SOCK_DIAG_BY_FAMILY message at {@code offset}; attributes
   * after it are ignored.
   *
   * @param available bytes readable from {@code offset}
   * @throws IllegalArgumentException when the message is shorter than an inet_diag_msg or its
   *     family is unknown
   */
  public SocketEntry decodeSocket(ByteBuffer buffer, int offset, int available) {
    ByteBuffer b = inHostOrder(buffer);
    int length = b.getInt(offset);
    if (available < MIN_REPLY_LENGTH || length < MIN_REPLY_LENGTH || length > available) {
      throw new IllegalArgumentException("inet_diag reply of " + length + " bytes (" + available
          + " received) is shorter than the " + MIN_REPLY_LENGTH + " bytes of an inet_diag_msg");
    }
    int body = offset + NLMSG_HDRLEN;
    int family = Byte.toUnsignedInt(b.get(body));
    int addressLength;
    if (family == AF_INET) {
      addressLength = 4;
    } else if (family == AF_INET6) {
      addressLength = 16;
    } else {
      throw new IllegalArgumentException("inet_diag reply with unknown family " + family);
    }
    SocketState state = SocketState.ofCode(Byte.toUnsignedInt(b.get(body + 1)));
    int id = offset + SOCKID_IN_MESSAGE;
    int localPort = getPortBigEndian(b, id);
    int remotePort = getPortBigEndian(b, id + 2);
    byte[] local = new byte[addressLength];
    byte[] remote = new byte[addressLength];
    b.get(id + 4, local);
    b.get(id + 20, remote);
    int ifIndex = b.getInt(id + 36);
    long cookie = Integer.toUnsignedLong(b.getInt(id + 40))
        | (Integer.toUnsignedLong(b.getInt(id + 44)) << 32);
    int uid = b.getInt(id + 48 + 12);
    long inode = Integer.toUnsignedLong(b.getInt(id + 48 + 16));
    return new SocketEntry(family, state, local, localPort, remote, remotePort, ifIndex, cookie,
        uid, inode);
  }

  /** The buffer itself when it already reads in host order (no allocation), else a view. */
  private ByteBuffer inHostOrder(ByteBuffer buffer) {
    return buffer.order() == hostOrder ? buffer : buffer.duplicate().order(hostOrder);
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
  }

  private static void putPortBigEndian(ByteBuffer b, int index, int port) {
    checkPort(port);
    b.put(index, (byte) (port >>> 8));
    b.put(index + 1, (byte) port);
  }

  private static int getPortBigEndian(ByteBuffer b, int index) {
    return (Byte.toUnsignedInt(b.get(index)) << 8) | Byte.toUnsignedInt(b.get(index + 1));
  }

  private static void putAddress(ByteBuffer b, int index, byte[] address, int family) {
    int expected = family == AF_INET ? 4 : 16;
    if (address.length != expected && !(family == AF_INET && address.length == 16)) {
      throw new IllegalArgumentException("address of " + address.length + " bytes for family "
          + (family == AF_INET ? "AF_INET" : "AF_INET6"));
    }
    int copy = Math.min(expected, address.length);
    for (int i = 0; i < 16; i++) {
      b.put(index + i, i < copy ? address[i] : 0);
    }
  }
}
