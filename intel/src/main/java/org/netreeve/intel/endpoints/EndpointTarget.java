package org.netreeve.intel.endpoints;

import org.netreeve.net.address.AddressSyntaxException;
import org.netreeve.net.address.IpLiteral;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * What an endpoint list is matched against: one connection (or DNS query) with the intel known
 * about it. Unknown parts are null or 0 and make the entities that need them not match.
 *
 * <p>The compact constructor normalises: domains and CNAMEs lower-case without the trailing dot,
 * country and continent codes and list ids upper-case.
 *
 * @param domain     the domain the connection was resolved from, or null
 * @param cnames     the CNAME chain behind {@code domain} (a domain rule matches the domain or any of
 *                   these), never null
 * @param ip         the remote address, or null (e.g. for a DNS query before resolution)
 * @param protocol   the IP protocol number (6 TCP, 17 UDP, ...), 0 when unknown
 * @param remotePort the remote port, 0 when unknown or the protocol has none
 * @param localPort  the local port, 0 when unknown or the protocol has none
 * @param scope      the remote address's scope, or null when unknown
 * @param country    ISO 3166 country code of the remote address, or null
 * @param continent  continent code (AF, AN, AS, EU, NA, OC, SA), or null
 * @param asn        autonomous system number, 0 when unknown
 * @param lists      ids and categories of the filter lists the domain or address is on; empty when
 *                   on none, null when filter lists were not consulted
 */
public record EndpointTarget(
    String domain,
    List<String> cnames,
    InetAddress ip,
    int protocol,
    int remotePort,
    int localPort,
    Scope scope,
    String country,
    String continent,
    long asn,
    Set<String> lists) {

  public EndpointTarget {
    domain = DomainPattern.normalise(domain);
    if (cnames == null || cnames.isEmpty()) {
      cnames = List.of();
    } else {
      List<String> n = new ArrayList<>(cnames.size());
      for (String c : cnames) {
        String d = DomainPattern.normalise(c);
        if (d != null) {
          n.add(d);
        }
      }
      cnames = List.copyOf(n);
    }
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("protocol number " + protocol + " is not 0-255");
    }
    checkPort("remote port", remotePort);
    checkPort("local port", localPort);
    country = upper(country);
    continent = upper(continent);
    if (asn < 0 || asn > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("AS number " + asn + " is out of range");
    }
    if (lists != null) {
      Set<String> n = new HashSet<>();
      for (String l : lists) {
        n.add(l.toUpperCase(Locale.ROOT));
      }
      lists = Set.copyOf(n);
    }
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " is not 0-65535");
    }
  }

  private static String upper(String s) {
    return s == null || s.isEmpty() ? null : s.toUpperCase(Locale.ROOT);
  }

  /** A builder; {@link Builder#build()} fills the scope from the address when none was set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder to construct a target step by step. Not thread-safe; one per target. */
  public static final class Builder {
    private String domain;
    private List<String> cnames = List.of();
    private InetAddress ip;
    private int protocol;
    private int remotePort;
    private int localPort;
    private Scope scope;
    private String country;
    private String continent;
    private long asn;
    private Set<String> lists;
    private ScopeClassifier classifier = ScopeClassifier.DEFAULT;

    private Builder() {}

    public Builder domain(String domain) {
      this.domain = domain;
      return this;
    }

    public Builder cnames(List<String> cnames) {
      this.cnames = cnames;
      return this;
    }

    public Builder ip(InetAddress ip) {
      this.ip = ip;
      return this;
    }

    /** Sets the address from a literal such as "10.0.0.1" or "2001:db8::1" (never resolved by DNS). */
    public Builder ip(String literal) {
      try {
        this.ip = literal == null ? null : IpLiteral.address(literal);
      } catch (AddressSyntaxException e) {
        throw new EndpointSyntaxException(e.column(), e.problem());
      }
      return this;
    }

    public Builder protocol(int protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder remotePort(int port) {
      this.remotePort = port;
      return this;
    }

    public Builder localPort(int port) {
      this.localPort = port;
      return this;
    }

    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    public Builder country(String country) {
      this.country = country;
      return this;
    }

    public Builder continent(String continent) {
      this.continent = continent;
      return this;
    }

    public Builder asn(long asn) {
      this.asn = asn;
      return this;
    }

    public Builder lists(Set<String> lists) {
      this.lists = lists;
      return this;
    }

    /** The classifier used to fill the scope from the address (default: {@link ScopeClassifier#DEFAULT}). */
    public Builder classifier(ScopeClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    public EndpointTarget build() {
      Scope s = scope;
      if (s == null && ip != null) {
        s = classifier.classify(ip);
      }
      return new EndpointTarget(domain, cnames, ip, protocol, remotePort, localPort, s, country,
          continent, asn, lists);
    }
  }
}
