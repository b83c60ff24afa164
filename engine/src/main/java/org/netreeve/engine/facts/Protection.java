package org.netreeve.engine.facts;

import java.util.Locale;

/**
 * A protection the security level can turn on. Which levels turn on which protection is
 * configuration (policy.yaml, {@code levels:}), except that Fortress turns on all of them.
 */
public enum Protection {
  /** Strip LAN/localhost addresses from answers of internet resolvers, and localhost from LAN resolvers. */
  REBINDING_PROTECTION("rebinding-protection"),
  /** Reroute DNS queries sent to other servers to Netreeve's nameserver. */
  ASTRAY_DNS("astray-dns"),
  /** Block internet connections to addresses that were not resolved through Netreeve (unless DirectConnect). */
  BLOCK_DIRECT_CONNECT("block-direct-connect"),
  /** Block connections of processes that could not be identified (except to localhost). */
  BLOCK_UNIDENTIFIED("block-unidentified"),
  /** Block inbound connections from the internet, also to Service profiles. */
  BLOCK_INBOUND_INTERNET("block-inbound-internet"),
  /** Block DNS over TLS and known DNS over HTTPS servers, which would bypass Netreeve's DNS. */
  BLOCK_DNS_BYPASS("block-dns-bypass"),
  /** Require TLS 1.2 or newer on outbound internet TCP connections (inspected at stage packet). */
  REQUIRE_TLS("require-tls"),
  /** Use the filter lists selected for this level. */
  FILTER_LISTS("filter-lists");

  private final String label;

  Protection(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Protection parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Protection p : values()) {
      if (p.label.equals(t)) {
        return p;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Protection p : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(p.label);
    }
    throw new IllegalArgumentException("unknown protection \"" + text + "\", expected one of " + known);
  }

  @Override
  public String toString() {
    return label;
  }
}
