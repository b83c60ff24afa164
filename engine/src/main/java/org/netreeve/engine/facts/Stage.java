package org.netreeve.engine.facts;

import java.util.Locale;

/**
 * The moments at which the engine decides about a connection, in the order they happen.
 *
 * <p>Rules for a later stage see more facts: before-intel knows only the domain of a DNS query,
 * after-intel adds the answer's addresses and CNAMEs, communication and link are the first
 * packet of a connection (domain level and IP/port level), packet is every further packet of a
 * connection that is still being inspected.
 */
public enum Stage {
  BEFORE_INTEL("before-intel"),
  AFTER_INTEL("after-intel"),
  COMMUNICATION("communication"),
  LINK("link"),
  PACKET("packet");

  private final String label;

  Stage(String label) {
    this.label = label;
  }

  /** The name used in audit records, scenario files and on the command line. */
  public String label() {
    return label;
  }

  /** True for the stages that decide DNS queries, before any packet of the connection exists. */
  public boolean isDns() {
    return this == BEFORE_INTEL || this == AFTER_INTEL;
  }

  /** True for the stages decided on a packet (the remote port and protocol are known). */
  public boolean isPacket() {
    return this == COMMUNICATION || this == LINK || this == PACKET;
  }

  /** Parses a label ("after-intel") or constant name ("AFTER_INTEL"), case-insensitively. */
  public static Stage parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Stage s : values()) {
      if (s.label.equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown stage \"" + text + "\", expected one of before-intel, after-intel, communication, link, packet");
  }

  @Override
  public String toString() {
    return label;
  }
}
