package org.netreeve.net;

import java.util.Locale;

/** Who opened the connection: a local program (outbound) or a remote peer (inbound). */
public enum Direction {
  OUTBOUND,
  INBOUND;

  /** The other way. */
  public Direction opposite() {
    return this == OUTBOUND ? INBOUND : OUTBOUND;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "outbound", "out", "outgoing" -> OUTBOUND;
      case "inbound", "in", "incoming" -> INBOUND;
      default -> throw new IllegalArgumentException(
          "unknown direction \"" + text + "\", expected outbound or inbound");
    };
  }

  @Override
  public String toString() {
    return label();
  }
}
