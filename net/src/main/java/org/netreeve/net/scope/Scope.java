package org.netreeve.net.scope;

/**
 * Where an address lives, seen from this host.
 *
 * <p>The names are those used in endpoint rules ({@code + LAN UDP/5353}); {@link #fromName} accepts
 * them case-insensitively.
 */
public enum Scope {
  /** This host: 127.0.0.0/8, ::1 (and IPv4-mapped loopback). */
  LOCALHOST("Localhost"),
  /**
   * The networks the host is attached to and private address space: RFC 1918, link-local,
   * unique-local (fc00::/7), deprecated site-local (fec0::/10), benchmarking ranges, and CGNAT when
   * configured so.
   */
  LAN("LAN"),
  /** Multicast groups: 224.0.0.0/4 and ff00::/8. */
  MULTICAST("Multicast"),
  /** The limited broadcast address 255.255.255.255. */
  BROADCAST("Broadcast"),
  /** Globally routed unicast space. */
  INTERNET("Internet"),
  /**
   * Addresses no real connection should go to: unspecified, reserved, documentation (unless the
   * classifier is told otherwise), discard-only and unassigned space.
   */
  INVALID("Invalid");

  private static final Scope[] VALUES = values();

  private final String ruleName;

  Scope(String ruleName) {
    this.ruleName = ruleName;
  }

  /** The name used in endpoint rules and audit records, e.g. "Localhost" or "LAN". */
  public String ruleName() {
    return ruleName;
  }

  /**
   * The scope with this rule name, case-insensitively, or null when there is none.
   *
   * @param name a name such as "LAN", "localhost" or "Internet"
   */
  public static Scope fromName(String name) {
    for (Scope s : VALUES) {
      if (s.ruleName.equalsIgnoreCase(name)) {
        return s;
      }
    }
    return null;
  }

  /** All rule names, for error messages. */
  public static String ruleNames() {
    StringBuilder b = new StringBuilder();
    for (Scope s : VALUES) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(s.ruleName);
    }
    return b.toString();
  }
}
