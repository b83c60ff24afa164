package org.netreeve.intel.endpoints;

import java.util.Locale;

/**
 * IP protocols that endpoint rules may name instead of giving the protocol number.
 *
 * <p>Any number from 1 to 255 is accepted in a rule; these names are a convenience.
 */
public enum IpProtocol {
  ICMP(1, false),
  IGMP(2, false),
  TCP(6, true),
  UDP(17, true),
  DCCP(33, true),
  GRE(47, false),
  ESP(50, false),
  AH(51, false),
  ICMPV6(58, false),
  SCTP(132, true),
  UDPLITE(136, true);

  private static final IpProtocol[] BY_NUMBER = new IpProtocol[256];

  static {
    for (IpProtocol p : values()) {
      BY_NUMBER[p.number] = p;
    }
  }

  private final int number;
  private final boolean hasPorts;

  IpProtocol(int number, boolean hasPorts) {
    this.number = number;
    this.hasPorts = hasPorts;
  }

  /** The protocol number of the IP header (IPv4 protocol, IPv6 next header). */
  public int number() {
    return number;
  }

  /** Whether connections of this protocol have port numbers. */
  public boolean hasPorts() {
    return hasPorts;
  }

  /** The name as written in rules, e.g. "ICMPv6". */
  public String ruleName() {
    switch (this) {
      case ICMPV6:
        return "ICMPv6";
      case UDPLITE:
        return "UDPLite";
      default:
        return name();
    }
  }

  /** The protocol with this name (case-insensitive), or null. */
  public static IpProtocol fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (IpProtocol p : values()) {
      if (p.name().equals(upper)) {
        return p;
      }
    }
    return null;
  }

  /** The named protocol with this number, or null when it has no name here. */
  public static IpProtocol fromNumber(int number) {
    return number >= 0 && number < 256 ? BY_NUMBER[number] : null;
  }

  /** Whether the protocol with this number carries ports (TCP, UDP, DCCP, SCTP, UDP-Lite). */
  public static boolean numberHasPorts(int number) {
    IpProtocol p = fromNumber(number);
    return p != null && p.hasPorts;
  }

  /** The rule name for a number, or the number itself as text when it has no name. */
  public static String describe(int number) {
    IpProtocol p = fromNumber(number);
    return p == null ? Integer.toString(number) : p.ruleName();
  }
}
