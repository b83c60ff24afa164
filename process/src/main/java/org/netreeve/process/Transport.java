package org.netreeve.process;

/** The IP protocol of a connection, as far as attribution cares. */
public enum Transport {
  TCP(6),
  UDP(17),
  ICMP(1),
  ICMPV6(58),
  /** Anything else (SCTP, GRE, ...): there is no socket lookup for it. */
  OTHER(-1);

  private final int number;

  Transport(int number) {
    this.number = number;
  }

  /** The IANA protocol number; -1 for {@link #OTHER}. */
  public int number() {
    return number;
  }

  /** True when sockets of this protocol can be looked up (TCP and UDP). */
  public boolean hasSockets() {
    return this == TCP || this == UDP;
  }

  /** The transport for an IANA protocol number (the IPv4 protocol or IPv6 next header). */
  public static Transport ofNumber(int number) {
    return switch (number) {
      case 6 -> TCP;
      case 17 -> UDP;
      case 1 -> ICMP;
      case 58 -> ICMPV6;
      default -> OTHER;
    };
  }
}
