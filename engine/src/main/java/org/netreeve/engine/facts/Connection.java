package org.netreeve.engine.facts;

import org.netreeve.net.Direction;
import org.netreeve.net.IpProtocol;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.netreeve.net.scope.Scope;

/**
 * The connection (or DNS query) being decided, as the rule base sees it.
 *
 * <p>Addresses are text so rules can compare them without {@code InetAddress} lookups. At the
 * DNS stages there is no packet: {@code protocol} and the ports are 0 and, before intel, the
 * remote address is null. {@code dnsResolved} says that the remote address came from a DNS
 * answer Netreeve gave (so the connection is not a "direct connect"); {@code toNameserver} that
 * the remote end is Netreeve's own nameserver.
 *
 * @param stage          the stage being decided
 * @param direction      outbound (a local program connects) or inbound (a peer connects to us)
 * @param protocol       IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6), 0 at DNS stages
 * @param ipVersion      4 or 6, 0 when no address is known yet
 * @param localIp        the local address, or null
 * @param localPort      the local port, 0 when none
 * @param remoteIp       the remote address, or null
 * @param remotePort     the remote port, 0 when none
 * @param scope          the network scope of the remote address (INVALID when unknown)
 * @param domain         the domain the remote address was resolved from, lower case, or null
 * @param cnames         the CNAME chain behind {@code domain}, in order
 * @param dnsResolved    true when {@code remoteIp} was learned from a DNS answer
 * @param toNameserver   true when the remote end is Netreeve's own nameserver
 * @param resolverScope  at after-intel: the scope of the resolver that answered; else null
 * @param queryType      at the DNS stages: the query type ("A", "AAAA", ...); else null
 */
public record Connection(
    Stage stage,
    Direction direction,
    int protocol,
    int ipVersion,
    String localIp,
    int localPort,
    String remoteIp,
    int remotePort,
    Scope scope,
    String domain,
    List<String> cnames,
    boolean dnsResolved,
    boolean toNameserver,
    Scope resolverScope,
    String queryType) {

  public Connection {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(scope, "scope");
    cnames = cnames == null ? List.of() : List.copyOf(cnames);
  }

  /** The protocol's name: TCP, UDP, ICMP, ICMPv6, or the number. */
  public String protocolName() {
    return protocolName(protocol);
  }

  public boolean isOutbound() {
    return direction == Direction.OUTBOUND;
  }

  public boolean isInbound() {
    return direction == Direction.INBOUND;
  }

  public boolean isTcp() {
    return protocol == 6;
  }

  public boolean isUdp() {
    return protocol == 17;
  }

  /** True at before-intel: a DNS query, only the domain is known. */
  public boolean isDnsQuery() {
    return stage == Stage.BEFORE_INTEL;
  }

  /** True at after-intel: one address of a DNS answer is being decided. */
  public boolean isDnsAnswer() {
    return stage == Stage.AFTER_INTEL;
  }

  /** True when the first packet of a connection is decided (stage communication or link). */
  public boolean isFirstPacket() {
    return stage == Stage.COMMUNICATION || stage == Stage.LINK;
  }

  /** True when IP/port level rules apply: stage link. */
  public boolean isLinkLevel() {
    return stage == Stage.LINK;
  }

  /** True at stage packet: a later packet of a connection under inspection. */
  public boolean isLaterPacket() {
    return stage == Stage.PACKET;
  }

  /** True when the remote address is known (after-intel and the packet stages). */
  public boolean isAddressKnown() {
    return remoteIp != null;
  }

  /** True when a domain is known for this connection. */
  public boolean hasDomain() {
    return domain != null;
  }

  /** True when {@code zone} is the domain, or the domain is below it ("example.com" covers "a.example.com"). */
  public boolean inZone(String zone) {
    return domain != null && zoneCovers(zone, domain);
  }

  /** True when the domain or any name of its CNAME chain lies in {@code zone}. */
  public boolean nameInZone(String zone) {
    if (inZone(zone)) {
      return true;
    }
    for (String c : cnames) {
      if (zoneCovers(zone, c)) {
        return true;
      }
    }
    return false;
  }

  /** True when a program connects to a port 53 that is not Netreeve's own nameserver. */
  public boolean isAstrayDns() {
    return direction == Direction.OUTBOUND && (protocol == 6 || protocol == 17) && remotePort == 53
        && !toNameserver && scope != Scope.LOCALHOST;
  }

  static boolean zoneCovers(String zone, String name) {
    String z = zone.toLowerCase(Locale.ROOT);
    if (z.endsWith(".")) {
      z = z.substring(0, z.length() - 1);
    }
    if (z.startsWith(".")) {
      z = z.substring(1);
    }
    return name.equals(z) || (name.endsWith(z) && name.length() > z.length()
        && name.charAt(name.length() - z.length() - 1) == '.');
  }

  /** The conventional name of an IP protocol number; "" for 0 (the DNS stages have no protocol). */
  public static String protocolName(int protocol) {
    return protocol == 0 ? "" : IpProtocol.name(protocol);
  }

  /** Parses TCP, UDP, ICMP, ICMPv6 (any case) or a protocol number. */
  public static int parseProtocol(String text) {
    return IpProtocol.parse(text);
  }
}
