package org.netreeve.process.diag;

import static org.netreeve.process.diag.InetDiagCodec.AF_INET;
import static org.netreeve.process.diag.InetDiagCodec.AF_INET6;
import static org.netreeve.process.diag.InetDiagCodec.IPPROTO_TCP;
import static org.netreeve.process.diag.InetDiagCodec.IPPROTO_UDP;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Finds the socket behind a connection seen from this host: local and remote address and port,
 * as a packet filter sees them, whatever the direction of the packet.
 *
 * <p>The lookups, in order (each next one only when the previous found nothing usable):
 *
 * <ul>
 *   <li>TCP: the exact 4-tuple. The kernel's own lookup falls back to a listener when no
 *       connection matches, so an inbound SYN finds the listening socket. When the exact match
 *       has no owner yet (a connection still in the listener's accept queue, or a request
 *       socket), the listener on the local address and port is asked for
 *       ({@link Via#LISTENER}); its owner is the one that will accept the connection. A
 *       TIME_WAIT match is returned as it is: the kernel, not a process, owns it.
 *   <li>UDP: the 4-tuple in the kernel's receive orientation, which also finds unconnected
 *       sockets and sockets bound to 0.0.0.0 or {@code ::} by the kernel's scoring; then the
 *       local address and port with a wildcard remote ({@link Via#UNCONNECTED}); then, for
 *       IPv4, the same tuple as IPv4-mapped IPv6 addresses on an AF_INET6 socket
 *       ({@link Via#V4_MAPPED}).
 * </ul>
 *
 * <p>{@link #locateByLocalPort} is a separate last resort for connections this host opened,
 * when the peer the caller knows is not the one the socket is connected to.
 *
 * <p>Dual-stack sockets (an AF_INET6 socket carrying IPv4, as Java and many servers open them)
 * are found by the IPv4 lookups: the kernel keeps their IPv4 addresses in the same tables.
 *
 * <p>Stateless; thread-safe when the underlying {@link InetDiag} is.
 */
public final class SocketLocator {

  /** How a socket was found. */
  public enum Via {
    /** The connection's own socket. */
    EXACT,
    /** The listening socket that owns a connection not yet accepted. */
    LISTENER,
    /** An unconnected UDP socket on the local address and port. */
    UNCONNECTED,
    /** An AF_INET6 socket found through IPv4-mapped addresses. */
    V4_MAPPED,
    /** The only socket on the local address and port, connected elsewhere (see
     * {@link #locateByLocalPort}). */
    LOCAL_PORT
  }

  /** A socket and how it was found. */
  public record Match(SocketEntry socket, Via via) {
    public Match {
      Objects.requireNonNull(socket, "socket");
      Objects.requireNonNull(via, "via");
    }
  }

  private static final byte[] ANY4 = new byte[4];
  private static final byte[] ANY6 = new byte[16];

  private final InetDiag diag;

  public SocketLocator(InetDiag diag) {
    this.diag = Objects.requireNonNull(diag, "diag");
  }

  /**
   * Locates the socket of a TCP or UDP connection.
   *
   * @param protocol      IPPROTO_TCP or IPPROTO_UDP
   * @param local         this host's address, 4 or 16 bytes
   * @param remote        the peer's address, same length as {@code local}
   * @param ifIndex       the interface (needed for link-local IPv6), 0 when unknown
   * @return the socket, or null when the kernel has none for this connection
   * @throws DiagException when a lookup failed
   */
  public Match locate(
      int protocol, byte[] local, int localPort, byte[] remote, int remotePort, int ifIndex)
      throws DiagException {
    if (local.length != remote.length || (local.length != 4 && local.length != 16)) {
      throw new IllegalArgumentException("addresses of " + local.length + " and "
          + remote.length + " bytes; expected both 4 or both 16");
    }
    int family = local.length == 4 ? AF_INET : AF_INET6;
    if (protocol == IPPROTO_TCP) {
      return locateTcp(family, local, localPort, remote, remotePort, ifIndex);
    }
    if (protocol == IPPROTO_UDP) {
      return locateUdp(family, local, localPort, remote, remotePort, ifIndex);
    }
    throw new IllegalArgumentException("protocol " + protocol + " has no inet_diag lookup");
  }

  private Match locateTcp(
      int family, byte[] local, int localPort, byte[] remote, int remotePort, int ifIndex)
      throws DiagException {
    SocketEntry exact =
        diag.lookup(family, IPPROTO_TCP, local, localPort, remote, remotePort, ifIndex);
    if (exact == null) {
      return null;
    }
    if (exact.hasOwner() || exact.state() == SocketState.TIME_WAIT) {
      return new Match(exact, Via.EXACT);
    }
    SocketEntry listener =
        diag.lookup(family, IPPROTO_TCP, local, localPort, any(family), 0, ifIndex);
    if (listener != null && listener.hasOwner()) {
      return new Match(listener, Via.LISTENER);
    }
    return new Match(exact, Via.EXACT);
  }

  private Match locateUdp(
      int family, byte[] local, int localPort, byte[] remote, int remotePort, int ifIndex)
      throws DiagException {
    // UDP lookups take the remote end as src: the kernel looks up as if a datagram arrived.
    SocketEntry found =
        diag.lookup(family, IPPROTO_UDP, remote, remotePort, local, localPort, ifIndex);
    if (found != null) {
      return new Match(found, Via.EXACT);
    }
    found = diag.lookup(family, IPPROTO_UDP, any(family), 0, local, localPort, ifIndex);
    if (found != null) {
      return new Match(found, Via.UNCONNECTED);
    }
    if (family == AF_INET) {
      found = diag.lookup(AF_INET6, IPPROTO_UDP, mapped(remote), remotePort, mapped(local),
          localPort, ifIndex);
      if (found != null) {
        return new Match(found, Via.V4_MAPPED);
      }
    }
    return null;
  }

  /**
   * The last resort for a connection this host opened when {@link #locate} found nothing: the
   * one socket that owns the local address and port, whatever it is connected to. A datagram
   * rerouted by DNAT (astray DNS sent to the local nameserver) arrives with a destination its
   * socket is not connected to, so only its local end still identifies it.
   *
   * <p>It dumps the sockets with that local port (for IPv4 also the AF_INET6 ones when the
   * AF_INET ones give no answer, since a dual-stack socket is AF_INET6), keeps those with an
   * owner whose local address is {@code local} (or, if none, the wildcard address), and ignores
   * TCP listeners. An answer comes only when exactly one socket remains: Linux reuses a local
   * port for connections to different peers, and guessing among them would attribute to the
   * wrong process.
   *
   * @return the socket, or null when none or more than one qualifies
   */
  public Match locateByLocalPort(int protocol, byte[] local, int localPort)
      throws DiagException {
    if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) {
      throw new IllegalArgumentException("protocol " + protocol + " has no inet_diag lookup");
    }
    if (local.length != 4 && local.length != 16) {
      throw new IllegalArgumentException("address of " + local.length + " bytes");
    }
    // Each dump walks the kernel's whole table for the protocol: for IPv4, ask for AF_INET
    // sockets first and for dual-stack AF_INET6 ones only when that found no answer.
    if (local.length == 4) {
      SocketEntry only = onlyOwner(diag.dumpByLocalPort(AF_INET, protocol, localPort), local,
          localPort);
      if (only != null) {
        return new Match(only, Via.LOCAL_PORT);
      }
    }
    SocketEntry only = onlyOwner(diag.dumpByLocalPort(AF_INET6, protocol, localPort), local,
        localPort);
    return only == null ? null : new Match(only, Via.LOCAL_PORT);
  }

  private static SocketEntry onlyOwner(List<SocketEntry> sockets, byte[] local, int localPort) {
    SocketEntry exact = null;
    SocketEntry wildcard = null;
    int exactCount = 0;
    int wildcardCount = 0;
    for (SocketEntry socket : sockets) {
      if (!socket.hasOwner() || socket.localPort() != localPort
          || socket.state() == SocketState.LISTEN) {
        continue;
      }
      byte[] address = socket.localAddress();
      if (sameAddress(address, local)) {
        exact = socket;
        exactCount++;
      } else if (isAny(address)) {
        wildcard = socket;
        wildcardCount++;
      }
    }
    if (exactCount == 1) {
      return exact;
    }
    return exactCount == 0 && wildcardCount == 1 ? wildcard : null;
  }

  /** Equal addresses, an IPv4 address matching its IPv4-mapped IPv6 form. */
  static boolean sameAddress(byte[] a, byte[] b) {
    return Arrays.equals(a.length == 4 ? mapped(a) : a, b.length == 4 ? mapped(b) : b);
  }

  private static boolean isAny(byte[] address) {
    for (byte b : address) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] any(int family) {
    return family == AF_INET ? ANY4 : ANY6;
  }

  /** {@code ::ffff:a.b.c.d} for an IPv4 address. */
  static byte[] mapped(byte[] v4) {
    byte[] v6 = new byte[16];
    v6[10] = (byte) 0xFF;
    v6[11] = (byte) 0xFF;
    System.arraycopy(v4, 0, v6, 12, 4);
    return v6;
  }
}
