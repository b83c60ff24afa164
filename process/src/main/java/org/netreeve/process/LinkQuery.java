package org.netreeve.process;

import org.netreeve.net.address.IpLiteral;
import org.netreeve.net.IpProtocol;
import org.netreeve.net.Direction;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * A connection to attribute, as the packet filter sees it from this host.
 *
 * <p>{@code local*} is always this host's end and {@code remote*} the peer's, whichever way the
 * packet went. For ICMP and other protocols without ports, pass 0 as ports.
 *
 * @param protocol      the IP protocol number
 * @param localAddress  this host's address
 * @param localPort     this host's port
 * @param remoteAddress the peer's address, of the same IP version
 * @param remotePort    the peer's port
 * @param direction     who opened the connection; it goes into reasons and logs, while the
 *                      lookup itself is the same both ways (local is always this host)
 * @param kernelUid     the uid the kernel attached to the packet (nfqueue's NFQA_UID, present
 *                      for locally sent packets of a process's socket), or {@link #NO_UID}
 * @param ifIndex       the interface index of the packet, needed to look up sockets on
 *                      link-local IPv6 addresses; 0 when unknown
 */
public record LinkQuery(
    int protocol,
    InetAddress localAddress,
    int localPort,
    InetAddress remoteAddress,
    int remotePort,
    Direction direction,
    int kernelUid,
    int ifIndex) {

  /** No uid came with the packet. */
  public static final int NO_UID = -1;

  public LinkQuery {
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("protocol " + protocol + " is outside 0..255");
    }
    Objects.requireNonNull(localAddress, "localAddress");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(direction, "direction");
    if ((localAddress instanceof Inet4Address) != (remoteAddress instanceof Inet4Address)) {
      throw new IllegalArgumentException("local " + localAddress.getHostAddress() + " and remote "
          + remoteAddress.getHostAddress() + " are of different IP versions");
    }
    checkPort("localPort", localPort);
    checkPort("remotePort", remotePort);
    if (kernelUid < NO_UID) {
      throw new IllegalArgumentException("kernelUid " + kernelUid + " is below -1");
    }
    if (ifIndex < 0) {
      throw new IllegalArgumentException("ifIndex " + ifIndex + " is negative");
    }
  }

  /** A connection this host opened. */
  public static LinkQuery outbound(int protocol, InetAddress localAddress, int localPort,
      InetAddress remoteAddress, int remotePort) {
    return new LinkQuery(protocol, localAddress, localPort, remoteAddress, remotePort,
        Direction.OUTBOUND, NO_UID, 0);
  }

  /** A connection a peer opened to this host. */
  public static LinkQuery inbound(int protocol, InetAddress localAddress, int localPort,
      InetAddress remoteAddress, int remotePort) {
    return new LinkQuery(protocol, localAddress, localPort, remoteAddress, remotePort,
        Direction.INBOUND, NO_UID, 0);
  }

  /** The same query with the uid the kernel attached to the packet. */
  public LinkQuery withKernelUid(int uid) {
    return new LinkQuery(protocol, localAddress, localPort, remoteAddress, remotePort, direction,
        uid, ifIndex);
  }

  /** The same query with the packet's interface index. */
  public LinkQuery withInterface(int index) {
    return new LinkQuery(protocol, localAddress, localPort, remoteAddress, remotePort, direction,
        kernelUid, index);
  }

  /** 4 or 6. */
  public int ipVersion() {
    return localAddress instanceof Inet4Address ? 4 : 6;
  }

  /** "tcp 10.0.0.2:41000 -> 93.184.216.34:443 outbound", for logs and reasons. */
  public String describe() {
    return IpProtocol.lowerName(protocol) + " "
        + endpoint(localAddress, localPort) + " -> " + endpoint(remoteAddress, remotePort) + " "
        + direction.name().toLowerCase(Locale.ROOT);
  }

  private static String endpoint(InetAddress address, int port) {
    return address instanceof Inet4Address
        ? IpLiteral.text(address) + ":" + port
        : "[" + IpLiteral.text(address) + "]:" + port;
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException(name + " " + port + " is outside 0..65535");
    }
  }
}
