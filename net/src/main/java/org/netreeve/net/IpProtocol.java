package org.netreeve.net;

import java.util.Locale;

/**
 * IP protocol numbers (IANA "Assigned Internet Protocol Numbers"): the protocol field of IPv4 and
 * the next-header field of IPv6, which also numbers IPv6's extension headers. Connections carry
 * the number as an {@code int}, so the packet path compares numbers without lookups; this class
 * names them, parses names, and says which protocols have ports and sockets.
 */
public final class IpProtocol {
  public static final int HOP_BY_HOP = 0;
  public static final int ICMP = 1;
  public static final int IGMP = 2;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int DCCP = 33;
  public static final int ROUTING = 43;
  public static final int FRAGMENT = 44;
  public static final int GRE = 47;
  public static final int ESP = 50;
  public static final int AH = 51;
  public static final int ICMPV6 = 58;
  public static final int NO_NEXT_HEADER = 59;
  public static final int DESTINATION_OPTIONS = 60;
  public static final int SCTP = 132;
  public static final int MOBILITY = 135;
  public static final int UDPLITE = 136;

  /** The protocols that have names in rules and records, with their spelling there. */
  private static final String[] NAMES = new String[256];

  static {
    NAMES[ICMP] = "ICMP";
    NAMES[IGMP] = "IGMP";
    NAMES[TCP] = "TCP";
    NAMES[UDP] = "UDP";
    NAMES[DCCP] = "DCCP";
    NAMES[GRE] = "GRE";
    NAMES[ESP] = "ESP";
    NAMES[AH] = "AH";
    NAMES[ICMPV6] = "ICMPv6";
    NAMES[SCTP] = "SCTP";
    NAMES[UDPLITE] = "UDPLite";
  }

  private IpProtocol() {}

  /** The name of a protocol as rules and records write it ("TCP", "ICMPv6"), or its number as text. */
  public static String name(int number) {
    String n = number >= 0 && number < 256 ? NAMES[number] : null;
    return n != null ? n : Integer.toString(number);
  }

  /** Whether the protocol has a name ({@link #name} is more than its number). */
  public static boolean isNamed(int number) {
    return number >= 0 && number < 256 && NAMES[number] != null;
  }

  /** The number of a protocol name (any case; "IPv6-ICMP" too), or -1 when it has none. */
  public static int number(String name) {
    String t = name.trim();
    if (t.equalsIgnoreCase("IPv6-ICMP")) {
      return ICMPV6;
    }
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i] != null && NAMES[i].equalsIgnoreCase(t)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses a protocol name or a number 0-255.
   *
   * @throws IllegalArgumentException naming what is expected
   */
  public static int parse(String text) {
    int named = number(text);
    if (named >= 0) {
      return named;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 0 && n <= 255) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("unknown protocol \"" + text
        + "\", expected TCP, UDP, ICMP, ICMPv6 or a number 0-255");
  }

  /** Whether the transport header starts with 16-bit source and destination ports. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP || protocol == SCTP || protocol == UDPLITE || protocol == DCCP;
  }

  /** Whether the kernel keeps sockets of this protocol that sock_diag can look up (TCP and UDP). */
  public static boolean hasSockets(int protocol) {
    return protocol == TCP || protocol == UDP;
  }

  /** The lower-case name for logs ("tcp", "icmpv6"). */
  public static String lowerName(int number) {
    return name(number).toLowerCase(Locale.ROOT);
  }
}
