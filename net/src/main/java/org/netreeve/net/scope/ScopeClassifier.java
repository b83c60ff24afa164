package org.netreeve.net.scope;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Classifies IPv4 and IPv6 addresses into a {@link Scope}.
 *
 * <p>The table (documented in docs/endpoints.md, section "Scopes"):
 *
 * <pre>
 * IPv4
 *   0.0.0.0/8            Invalid    "this network", includes the unspecified address
 *   10.0.0.0/8           LAN        RFC 1918
 *   100.64.0.0/10        LAN        CGNAT shared space (RFC 6598); configurable: LAN or Internet
 *   127.0.0.0/8          Localhost
 *   169.254.0.0/16       LAN        link-local
 *   172.16.0.0/12        LAN        RFC 1918
 *   192.0.0.0/24         Invalid    IETF protocol assignments, except 192.0.0.9 and 192.0.0.10 (Internet)
 *   192.0.2.0/24         Invalid    documentation (TEST-NET-1); configurable
 *   192.168.0.0/16       LAN        RFC 1918
 *   198.18.0.0/15        LAN        benchmarking (also used by local fake-IP proxies)
 *   198.51.100.0/24      Invalid    documentation (TEST-NET-2); configurable
 *   203.0.113.0/24       Invalid    documentation (TEST-NET-3); configurable
 *   224.0.0.0/4          Multicast
 *   240.0.0.0/4          Invalid    reserved
 *   255.255.255.255      Broadcast  limited broadcast
 *   everything else      Internet
 * IPv6
 *   ::                   Invalid    unspecified
 *   ::1                  Localhost
 *   ::ffff:0:0/96        as the embedded IPv4 address (IPv4-mapped)
 *   64:ff9b::/96         Internet when the embedded IPv4 address is Internet, else Invalid (NAT64)
 *   64:ff9b:1::/48       Internet   local-use NAT64
 *   rest of ::/8         Invalid    reserved (includes deprecated IPv4-compatible addresses)
 *   100::/64             Invalid    discard-only
 *   2001:2::/48          LAN        benchmarking
 *   2001:db8::/32        Invalid    documentation; configurable
 *   3fff::/20            Invalid    documentation (RFC 9637); configurable
 *   rest of 2000::/3     Internet   global unicast
 *   fc00::/7             LAN        unique-local
 *   fe80::/10            LAN        link-local
 *   fec0::/10            LAN        deprecated site-local
 *   ff00::/8             Multicast
 *   everything else      Invalid    not assigned by IANA
 * </pre>
 *
 * <p>Directed broadcasts (e.g. 192.168.1.255) cannot be told from unicast without the interface's
 * netmask and are classified by their range (LAN). Instances are immutable and thread-safe; the
 * {@code classify} methods for raw input do not allocate.
 */
public final class ScopeClassifier {

  /** CGNAT as LAN, documentation ranges invalid. */
  public static final ScopeClassifier DEFAULT = builder().build();

  private final Scope cgnat;
  private final Scope documentation;

  private ScopeClassifier(Scope cgnat, Scope documentation) {
    this.cgnat = cgnat;
    this.documentation = documentation;
  }

  /** A builder starting from the defaults (CGNAT is LAN, documentation ranges are invalid). */
  public static Builder builder() {
    return new Builder();
  }

  /** The scope given to 100.64.0.0/10. */
  public Scope cgnatScope() {
    return cgnat;
  }

  /** The scope given to the documentation ranges. */
  public Scope documentationScope() {
    return documentation;
  }

  /**
   * Classifies an address given as 4 (IPv4) or 16 (IPv6) bytes in network order.
   *
   * @throws IllegalArgumentException when the array is neither 4 nor 16 bytes long
   */
  public Scope classify(byte[] address) {
    Objects.requireNonNull(address, "address");
    if (address.length == 4) {
      return classifyIpv4(address, 0);
    }
    if (address.length == 16) {
      return classifyIpv6(address, 0);
    }
    throw new IllegalArgumentException(
        "an IP address has 4 or 16 bytes, got " + address.length);
  }

  /** Classifies an IPv4 address stored at {@code offset} in a buffer, e.g. a packet header. */
  public Scope classifyIpv4(byte[] buffer, int offset) {
    return classifyIpv4(readInt(buffer, offset));
  }

  /** Classifies an IPv6 address stored at {@code offset} in a buffer, e.g. a packet header. */
  public Scope classifyIpv6(byte[] buffer, int offset) {
    return classifyIpv6(readLong(buffer, offset), readLong(buffer, offset + 8));
  }

  /** Classifies an address object; IPv4-mapped IPv6 addresses are classified as their IPv4 address. */
  public Scope classify(InetAddress address) {
    Objects.requireNonNull(address, "address");
    return classify(address.getAddress());
  }

  /** Classifies an IPv4 address given as a 32-bit integer in host order (first octet highest). */
  public Scope classifyIpv4(int a) {
    if (a == 0xFFFFFFFF) {
      return Scope.BROADCAST;
    }
    switch (a >>> 24) {
      case 0:
        return Scope.INVALID;
      case 10:
        return Scope.LAN;
      case 100:
        return (a & 0xFFC00000) == 0x64400000 ? cgnat : Scope.INTERNET;
      case 127:
        return Scope.LOCALHOST;
      case 169:
        return (a & 0xFFFF0000) == 0xA9FE0000 ? Scope.LAN : Scope.INTERNET;
      case 172:
        return (a & 0xFFF00000) == 0xAC100000 ? Scope.LAN : Scope.INTERNET;
      case 192:
        return classify192(a);
      case 198:
        if ((a & 0xFFFE0000) == 0xC6120000) {
          return Scope.LAN;
        }
        return (a & 0xFFFFFF00) == 0xC6336400 ? documentation : Scope.INTERNET;
      case 203:
        return (a & 0xFFFFFF00) == 0xCB007100 ? documentation : Scope.INTERNET;
      default:
        break;
    }
    int first = a >>> 24;
    if (first >= 224 && first <= 239) {
      return Scope.MULTICAST;
    }
    if (first >= 240) {
      return Scope.INVALID;
    }
    return Scope.INTERNET;
  }

  private Scope classify192(int a) {
    if ((a & 0xFFFF0000) == 0xC0A80000) {
      return Scope.LAN;
    }
    if ((a & 0xFFFFFF00) == 0xC0000000) {
      // Only the anycast PCP (192.0.0.9) and TURN (192.0.0.10) addresses are globally reachable.
      return a == 0xC0000009 || a == 0xC000000A ? Scope.INTERNET : Scope.INVALID;
    }
    if ((a & 0xFFFFFF00) == 0xC0000200) {
      return documentation;
    }
    return Scope.INTERNET;
  }

  /** Classifies an IPv6 address given as its high and low 64 bits. */
  public Scope classifyIpv6(long high, long low) {
    int top8 = (int) (high >>> 56);
    if (top8 == 0) {
      return classifyZeroPrefix(high, low);
    }
    if (top8 == 0xFF) {
      return Scope.MULTICAST;
    }
    if ((high >>> 61) == 1) {
      return classifyGlobalUnicast(high);
    }
    if ((high >>> 57) == 0x7E) {
      return Scope.LAN; // fc00::/7
    }
    if ((high >>> 54) == 0x3FA || (high >>> 54) == 0x3FB) {
      return Scope.LAN; // fe80::/10 and fec0::/10
    }
    // 100::/64 (discard-only) and all unassigned space.
    return Scope.INVALID;
  }

  private Scope classifyZeroPrefix(long high, long low) {
    if (high == 0) {
      if (low == 0) {
        return Scope.INVALID;
      }
      if (low == 1) {
        return Scope.LOCALHOST;
      }
      if ((low >>> 32) == 0xFFFFL) {
        return classifyIpv4((int) low);
      }
      return Scope.INVALID;
    }
    if (high == 0x0064FF9B00000000L && (low >>> 32) == 0) {
      // A NAT64 gateway only translates to global IPv4 (RFC 6052, section 3.1).
      return classifyIpv4((int) low) == Scope.INTERNET ? Scope.INTERNET : Scope.INVALID;
    }
    if ((high >>> 16) == 0x0064FF9B0001L) {
      return Scope.INTERNET;
    }
    return Scope.INVALID;
  }

  private Scope classifyGlobalUnicast(long high) {
    if ((high >>> 32) == 0x20010DB8L || (high >>> 44) == 0x3FFF0L) {
      return documentation;
    }
    if ((high >>> 16) == 0x200100020000L) {
      return Scope.LAN;
    }
    return Scope.INTERNET;
  }

  private static int readInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
        | (b[off + 3] & 0xFF);
  }

  private static long readLong(byte[] b, int off) {
    return (readInt(b, off) & 0xFFFFFFFFL) << 32 | (readInt(b, off + 4) & 0xFFFFFFFFL);
  }

  @Override
  public String toString() {
    return "ScopeClassifier[cgnat=" + cgnat + ", documentation=" + documentation + "]";
  }

  /** Options of a classifier; both ranges are configurable because networks use them differently. */
  public static final class Builder {
    private Scope cgnat = Scope.LAN;
    private Scope documentation = Scope.INVALID;

    private Builder() {}

    /**
     * The scope of 100.64.0.0/10: LAN (default; carrier-grade NAT and overlay VPNs use it for
     * peers) or INTERNET.
     */
    public Builder cgnat(Scope scope) {
      if (scope != Scope.LAN && scope != Scope.INTERNET) {
        throw new IllegalArgumentException("CGNAT space can be LAN or INTERNET, not " + scope);
      }
      this.cgnat = scope;
      return this;
    }

    /**
     * The scope of the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
     * 2001:db8::/32, 3fff::/20): INVALID (default: no real destination uses them) or INTERNET (for
     * test networks and demos that stand in for the Internet with these addresses).
     */
    public Builder documentation(Scope scope) {
      if (scope != Scope.INVALID && scope != Scope.INTERNET) {
        throw new IllegalArgumentException(
            "documentation ranges can be INVALID or INTERNET, not " + scope);
      }
      this.documentation = scope;
      return this;
    }

    public ScopeClassifier build() {
      return new ScopeClassifier(cgnat, documentation);
    }
  }
}
