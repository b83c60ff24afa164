package org.netreeve.process.diag;

import java.util.List;

/**
 * One inet_diag lookup of exactly one socket, with the kernel's own orientation of src and dst
 * (see {@link InetDiagCodec#encodeLookup}). {@link NetlinkInetDiag} asks the kernel;
 * {@link SocketLocator} builds the lookups a connection needs on top of it.
 */
public interface InetDiag {

  /**
   * Looks up one socket.
   *
   * @param family   AF_INET or AF_INET6 ({@link InetDiagCodec})
   * @param protocol IPPROTO_TCP or IPPROTO_UDP
   * @param ifIndex  the interface for link-local addresses, 0 for any
   * @return the socket, or null when the kernel has no such socket (ENOENT)
   * @throws DiagException when the lookup itself failed
   */
  SocketEntry lookup(
      int family,
      int protocol,
      byte[] srcAddress,
      int srcPort,
      byte[] dstAddress,
      int dstPort,
      int ifIndex)
      throws DiagException;

  /**
   * Lists the sockets of one family and protocol whose local port is {@code localPort}, whatever
   * their addresses: the last resort when the peer the caller knows is not the one the socket
   * is connected to (a datagram rerouted by DNAT).
   *
   * @return the sockets, possibly none
   * @throws DiagException when the dump failed
   */
  List<SocketEntry> dumpByLocalPort(int family, int protocol, int localPort)
      throws DiagException;

  /**
   * Aborts one socket (SOCK_DESTROY): its owner's next call on it fails with ECONNABORTED. The
   * socket is named as in {@link #lookup}.
   *
   * @return true when the kernel destroyed it, false when there is no such socket
   * @throws DiagException when the request failed (for example the kernel lacks
   *                       CONFIG_INET_DIAG_DESTROY)
   */
  default boolean destroy(int family, int protocol, byte[] srcAddress, int srcPort, byte[] dstAddress, int dstPort)
      throws DiagException {
    throw new DiagException("destroying sockets is not supported here", 0);
  }
}
