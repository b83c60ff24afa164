package org.netreeve.net;

import java.util.Locale;

/**
 * What happens to a connection, with the connection mark that tells the kernel.
 *
 * <p>Permanent verdicts are saved in the connection's conntrack mark, so the kernel handles the
 * rest of the connection without asking again; the others are decided packet by packet.
 */
public enum Verdict {
  ACCEPT("Accept", 1700, Kind.ALLOW, false),
  BLOCK("Block", 1701, Kind.BLOCK, false),
  DROP("Drop", 1702, Kind.DROP, false),
  PERMANENT_ACCEPT("PermanentAccept", 1710, Kind.ALLOW, true),
  PERMANENT_BLOCK("PermanentBlock", 1711, Kind.BLOCK, true),
  PERMANENT_DROP("PermanentDrop", 1712, Kind.DROP, true),
  REROUTE_TO_NAMESERVER("RerouteToNameserver", 1799, Kind.REROUTE, true),
  REROUTE_TO_TUNNEL("RerouteToTunnel", 1717, Kind.REROUTE, true);

  /** The effect of a verdict, without its permanence. */
  public enum Kind { ALLOW, REROUTE, BLOCK, DROP }

  private final String label;
  private final int mark;
  private final Kind kind;
  private final boolean permanent;

  Verdict(String label, int mark, Kind kind, boolean permanent) {
    this.label = label;
    this.mark = mark;
    this.kind = kind;
    this.permanent = permanent;
  }

  public String label() {
    return label;
  }

  /** The packet and connection mark of this verdict (seed 001). */
  public int mark() {
    return mark;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isPermanent() {
    return permanent;
  }

  /** True when the connection may go on (accepted or rerouted). */
  public boolean allows() {
    return kind == Kind.ALLOW || kind == Kind.REROUTE;
  }

  /**
   * How restrictive a verdict is: among votes of the same tier and priority the most restrictive
   * wins, so that an explicit block is never silently outvoted by an accept of equal standing.
   */
  public int restrictiveness() {
    return switch (kind) {
      case ALLOW -> 0;
      case REROUTE -> 1;
      case BLOCK -> 2;
      case DROP -> 3;
    };
  }

  /** The permanent edition of this verdict (itself when already permanent). */
  public Verdict permanent() {
    return switch (this) {
      case ACCEPT -> PERMANENT_ACCEPT;
      case BLOCK -> PERMANENT_BLOCK;
      case DROP -> PERMANENT_DROP;
      default -> this;
    };
  }

  /** The per-packet edition of this verdict. */
  public Verdict transientEdition() {
    return switch (this) {
      case PERMANENT_ACCEPT -> ACCEPT;
      case PERMANENT_BLOCK -> BLOCK;
      case PERMANENT_DROP -> DROP;
      default -> this;
    };
  }

  /** The verdict whose mark is {@code mark}, or null. */
  public static Verdict ofMark(int mark) {
    for (Verdict v : values()) {
      if (v.mark == mark) {
        return v;
      }
    }
    return null;
  }

  /** Parses "PermanentAccept", "permanent-accept" or "PERMANENT_ACCEPT". */
  public static Verdict parse(String text) {
    String t = text.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    for (Verdict v : values()) {
      if (v.label.toLowerCase(Locale.ROOT).equals(t)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown verdict \"" + text
        + "\", expected one of Accept, Block, Drop, PermanentAccept, PermanentBlock, PermanentDrop, "
        + "RerouteToNameserver, RerouteToTunnel");
  }

  @Override
  public String toString() {
    return label;
  }
}
