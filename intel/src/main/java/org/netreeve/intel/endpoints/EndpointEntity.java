package org.netreeve.intel.endpoints;

import java.util.List;
import java.util.Objects;
import org.netreeve.net.scope.Scope;

/**
 * The "who" of an endpoint rule: everything, a domain pattern, an address range, scopes, a country,
 * a continent, an AS number or filter lists.
 *
 * <p>{@link #test} answers {@link Fit#UNKNOWN} when the target lacks the data the entity needs (no
 * domain, no address, no country...). An unknown entity never matches, negated or not: a rule
 * {@code - !DE} does not deny a connection whose country nobody knows.
 */
public sealed interface EndpointEntity {

  /** Three-valued answer of an entity test. */
  enum Fit {
    MATCH,
    NO_MATCH,
    UNKNOWN;

    /** Negation that keeps UNKNOWN unknown. */
    public Fit negate() {
      return this == MATCH ? NO_MATCH : this == NO_MATCH ? MATCH : UNKNOWN;
    }

    static Fit of(boolean match) {
      return match ? MATCH : NO_MATCH;
    }
  }

  /**
   * Tests the target. The remote address is passed pre-split so that a list converts it once per
   * match, not once per rule.
   *
   * @param ipVersion 4, 6, or 0 when the target has no address
   * @param ipHigh    the first 64 bits of an IPv6 address, 0 for IPv4
   * @param ipLow     the last 64 bits of an IPv6 address, or the IPv4 address
   */
  Fit test(EndpointTarget target, int ipVersion, long ipHigh, long ipLow);

  /** The entity as written in the rule. */
  String text();

  /** {@code *}: every target. */
  record Any() implements EndpointEntity {
    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      return Fit.MATCH;
    }

    @Override
    public String text() {
      return "*";
    }
  }

  /** A domain pattern; matches when the domain or any CNAME of the chain matches. */
  record Domain(DomainPattern pattern) implements EndpointEntity {
    public Domain {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      List<String> cnames = t.cnames();
      if (t.domain() == null && cnames.isEmpty()) {
        return Fit.UNKNOWN;
      }
      if (pattern.matches(t.domain())) {
        return Fit.MATCH;
      }
      for (int i = 0, n = cnames.size(); i < n; i++) {
        if (pattern.matches(cnames.get(i))) {
          return Fit.MATCH;
        }
      }
      return Fit.NO_MATCH;
    }

    @Override
    public String text() {
      return pattern.text();
    }
  }

  /** An address or CIDR range. */
  record Ip(IpRange range, String text) implements EndpointEntity {
    public Ip {
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(text, "text");
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      if (v == 0) {
        return Fit.UNKNOWN;
      }
      return Fit.of(range.contains(v, h, l));
    }
  }

  /**
   * One or more scopes ({@code LAN,Localhost}). LAN also covers multicast and broadcast addresses,
   * which only reach the local network.
   */
  record Scopes(List<Scope> scopes, String text) implements EndpointEntity {
    public Scopes {
      scopes = List.copyOf(scopes);
      Objects.requireNonNull(text, "text");
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      Scope s = t.scope();
      if (s == null) {
        return Fit.UNKNOWN;
      }
      for (int i = 0, n = scopes.size(); i < n; i++) {
        Scope want = scopes.get(i);
        if (want == s || want == Scope.LAN && (s == Scope.MULTICAST || s == Scope.BROADCAST)) {
          return Fit.MATCH;
        }
      }
      return Fit.NO_MATCH;
    }
  }

  /** An ISO 3166-1 alpha-2 country code such as {@code DE}. */
  record Country(String code) implements EndpointEntity {
    public Country {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      return t.country() == null ? Fit.UNKNOWN : Fit.of(code.equals(t.country()));
    }

    @Override
    public String text() {
      return code;
    }
  }

  /** A continent code such as {@code C:EU}. */
  record Continent(String code) implements EndpointEntity {
    public Continent {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      return t.continent() == null ? Fit.UNKNOWN : Fit.of(code.equals(t.continent()));
    }

    @Override
    public String text() {
      return "C:" + code;
    }
  }

  /** An autonomous system such as {@code AS15169}. */
  record Asn(long number) implements EndpointEntity {
    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      return t.asn() == 0 ? Fit.UNKNOWN : Fit.of(number == t.asn());
    }

    @Override
    public String text() {
      return "AS" + number;
    }
  }

  /** Filter list ids or categories ({@code L:MAL,TRAC}), upper-case; matches when any is present. */
  record Lists(List<String> ids) implements EndpointEntity {
    public Lists {
      ids = List.copyOf(ids);
    }

    @Override
    public Fit test(EndpointTarget t, int v, long h, long l) {
      if (t.lists() == null) {
        return Fit.UNKNOWN;
      }
      for (int i = 0, n = ids.size(); i < n; i++) {
        if (t.lists().contains(ids.get(i))) {
          return Fit.MATCH;
        }
      }
      return Fit.NO_MATCH;
    }

    @Override
    public String text() {
      return "L:" + String.join(",", ids);
    }
  }
}
