package org.netreeve.engine.facts;

import java.util.Locale;

/**
 * The precedence of a vote. A vote of a higher tier always beats one of a lower tier; the order
 * is the documented precedence of Netreeve's policy (docs/precedence.md):
 *
 * <ol>
 *   <li>{@link #MANDATORY}: what keeps the firewall itself working, and the protections of the
 *       Fortress level, which no configuration can weaken;
 *   <li>{@link #USER}: the administrator's own rule files;
 *   <li>{@link #PROFILE}: a profile's endpoint lists, domain whitelist, ports and Strict flag
 *       (and the global endpoint list where the profile's list has no match);
 *   <li>{@link #FLAGS}: a profile's flags and network scopes, and the protections of the current
 *       security level;
 *   <li>{@link #FILTER_LISTS}: ad, tracker and malware lists;
 *   <li>{@link #DEFAULT}: the profile's default action, else the global one.
 * </ol>
 */
public enum Tier {
  DEFAULT(0),
  FILTER_LISTS(20),
  FLAGS(40),
  PROFILE(60),
  USER(80),
  MANDATORY(100);

  private final int rank;

  Tier(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return label();
  }
}
