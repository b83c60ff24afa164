package org.netreeve.process.diag;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One socket as the kernel describes it in an inet_diag_msg.
 *
 * <p>The kernel always reports {@code local*} as the socket's own end (idiag_src/idiag_sport) and
 * {@code remote*} as its peer, whatever orientation the request used. Addresses are in network
 * byte order, 4 bytes for AF_INET and 16 for AF_INET6; a socket of an AF_INET6 family that
 * carries IPv4 traffic reports IPv4-mapped addresses ({@code ::ffff:a.b.c.d}).
 *
 * @param family      AF_INET (2) or AF_INET6 (10), the family of the socket itself
 * @param state       TCP state, or ESTABLISHED/CLOSE for connected/unconnected UDP
 * @param localAddress  the address the socket is bound to (all zero when bound to the wildcard)
 * @param localPort   the local port
 * @param remoteAddress the peer address (all zero when unconnected or listening)
 * @param remotePort  the peer port (0 when unconnected or listening)
 * @param ifIndex     the interface the socket is bound to, 0 when none
 * @param cookie      the kernel's socket cookie, unique while the socket lives
 * @param uid         the socket's uid (the creator's fsuid at socket creation)
 * @param inode       the socket's inode: the number in {@code /proc/PID/fd/N -> socket:[inode]};
 *                    0 when no process holds the socket (time-wait, a connection not yet accepted)
 */
public record SocketEntry(
    int family,
    SocketState state,
    byte[] localAddress,
    int localPort,
    byte[] remoteAddress,
    int remotePort,
    int ifIndex,
    long cookie,
    int uid,
    long inode) {

  public SocketEntry {
    Objects.requireNonNull(state, "state");
    localAddress = localAddress.clone();
    remoteAddress = remoteAddress.clone();
  }

  @Override
  public byte[] localAddress() {
    return localAddress.clone();
  }

  @Override
  public byte[] remoteAddress() {
    return remoteAddress.clone();
  }

  /** True when some process holds this socket, so its inode can lead to a pid. */
  public boolean hasOwner() {
    return inode != 0;
  }

  /** The local address as an InetAddress. */
  public InetAddress local() {
    return toInet(localAddress);
  }

  /** The remote address as an InetAddress. */
  public InetAddress remote() {
    return toInet(remoteAddress);
  }

  private static InetAddress toInet(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of length " + address.length, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SocketEntry that
        && family == that.family
        && state == that.state
        && Arrays.equals(localAddress, that.localAddress)
        && localPort == that.localPort
        && Arrays.equals(remoteAddress, that.remoteAddress)
        && remotePort == that.remotePort
        && ifIndex == that.ifIndex
        && cookie == that.cookie
        && uid == that.uid
        && inode == that.inode;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(cookie) * 31 + Long.hashCode(inode);
  }

  @Override
  public String toString() {
    return "SocketEntry[" + (family == InetDiagCodec.AF_INET6 ? "inet6 " : "inet ") + state + " "
        + local().getHostAddress() + ":" + localPort + " -> " + remote().getHostAddress() + ":"
        + remotePort + " uid=" + uid + " inode=" + inode + " cookie=" + cookie + "]";
  }
}
