package org.netreeve.net.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every range of the classification table at its boundaries (first, last, one before, one
 * after) against an independent longest-prefix reference built from the same table.
 */
class ScopeClassifierTest {

  private static final ScopeClassifier C = ScopeClassifier.DEFAULT;

  /** The documented table, as data. The reference picks the longest matching prefix. */
  private static final List<Range> V4 = List.of(
      r4("0.0.0.0/8", Scope.INVALID),
      r4("10.0.0.0/8", Scope.LAN),
      r4("100.64.0.0/10", Scope.LAN),
      r4("127.0.0.0/8", Scope.LOCALHOST),
      r4("169.254.0.0/16", Scope.LAN),
      r4("172.16.0.0/12", Scope.LAN),
      r4("192.0.0.0/24", Scope.INVALID),
      r4("192.0.0.9/32", Scope.INTERNET),
      r4("192.0.0.10/32", Scope.INTERNET),
      r4("192.0.2.0/24", Scope.INVALID),
      r4("192.168.0.0/16", Scope.LAN),
      r4("198.18.0.0/15", Scope.LAN),
      r4("198.51.100.0/24", Scope.INVALID),
      r4("203.0.113.0/24", Scope.INVALID),
      r4("224.0.0.0/4", Scope.MULTICAST),
      r4("240.0.0.0/4", Scope.INVALID),
      r4("255.255.255.255/32", Scope.BROADCAST));

  private static final List<Range> V6 = List.of(
      r6("::/8", Scope.INVALID),
      r6("::/128", Scope.INVALID),
      r6("::1/128", Scope.LOCALHOST),
      r6("64:ff9b:1::/48", Scope.INTERNET),
      r6("100::/8", Scope.INVALID),
      r6("2000::/3", Scope.INTERNET),
      r6("2001:2::/48", Scope.LAN),
      r6("2001:db8::/32", Scope.INVALID),
      r6("3fff::/20", Scope.INVALID),
      r6("fc00::/7", Scope.LAN),
      r6("fe80::/10", Scope.LAN),
      r6("fec0::/10", Scope.LAN),
      r6("ff00::/8", Scope.MULTICAST));

  record Range(String cidr, BigInteger first, BigInteger last, int bits, int prefix, Scope scope) {
    boolean contains(BigInteger a) {
      return a.compareTo(first) >= 0 && a.compareTo(last) <= 0;
    }
  }

  private static Range r4(String cidr, Scope s) {
    return range(cidr, 32, s);
  }

  private static Range r6(String cidr, Scope s) {
    return range(cidr, 128, s);
  }

  private static Range range(String cidr, int bits, Scope s) {
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    BigInteger base = new BigInteger(1, literal(parts[0]));
    BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
    return new Range(cidr, base, base.add(size).subtract(BigInteger.ONE), bits, prefix, s);
  }

  private static byte[] literal(String ip) {
    try {
      byte[] b = InetAddress.getByName(ip).getAddress();
      if (ip.contains(":") && b.length == 4) {
        // The JDK turns ::ffff:a.b.c.d into an Inet4Address; keep the 16-byte form here.
        byte[] m = new byte[16];
        m[10] = (byte) 0xFF;
        m[11] = (byte) 0xFF;
        System.arraycopy(b, 0, m, 12, 4);
        return m;
      }
      return b;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  private static Scope reference(List<Range> table, BigInteger a, Scope outside) {
    Range best = null;
    for (Range r : table) {
      if (r.contains(a) && (best == null || r.prefix > best.prefix)) {
        best = r;
      }
    }
    return best == null ? outside : best.scope;
  }

  private static byte[] bytes(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }

  static Stream<Arguments> v4Boundaries() {
    return boundaries(V4, 32);
  }

  static Stream<Arguments> v6Boundaries() {
    return boundaries(V6, 128);
  }

  private static Stream<Arguments> boundaries(List<Range> table, int bits) {
    BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    List<Arguments> out = new ArrayList<>();
    for (Range r : table) {
      out.add(Arguments.of(r.cidr + " first", r.first));
      out.add(Arguments.of(r.cidr + " last", r.last));
      if (r.first.signum() > 0) {
        out.add(Arguments.of(r.cidr + " one before", r.first.subtract(BigInteger.ONE)));
      }
      if (r.last.compareTo(max) < 0) {
        out.add(Arguments.of(r.cidr + " one after", r.last.add(BigInteger.ONE)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v4Boundaries")
  void classifiesIpv4RangeBoundaries(String label, BigInteger address) {
    Scope expected = reference(V4, address, Scope.INTERNET);
    assertEquals(expected, C.classify(bytes(address, 4)), label);
    assertEquals(expected, C.classifyIpv4(address.intValue()), label);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v6Boundaries")
  void classifiesIpv6RangeBoundaries(String label, BigInteger address) {
    assertEquals(referenceV6(address), C.classify(bytes(address, 16)), label);
  }

  /** IPv6 reference: the table, with IPv4-mapped and NAT64 addresses delegated to the IPv4 table. */
  private static Scope referenceV6(BigInteger a) {
    BigInteger low32 = a.and(BigInteger.valueOf(0xFFFFFFFFL));
    BigInteger prefix96 = a.shiftRight(32);
    if (prefix96.equals(BigInteger.valueOf(0xFFFFL))) {
      return reference(V4, low32, Scope.INTERNET);
    }
    if (prefix96.equals(new BigInteger("0064ff9b0000000000000000", 16))) {
      return reference(V4, low32, Scope.INTERNET) == Scope.INTERNET ? Scope.INTERNET : Scope.INVALID;
    }
    return reference(V6, a, Scope.INVALID);
  }

  @Test
  void agreesWithReferenceOnRandomAddresses() {
    Random rnd = new Random(17);
    for (int i = 0; i < 200_000; i++) {
      int a = rnd.nextInt();
      BigInteger v = BigInteger.valueOf(a & 0xFFFFFFFFL);
      assertEquals(reference(V4, v, Scope.INTERNET), C.classifyIpv4(a), () -> "v4 " + v);
    }
    for (Range r : V6) {
      for (int i = 0; i < 2_000; i++) {
        BigInteger offset = new BigInteger(128 - r.prefix, rnd);
        BigInteger v = r.first.add(offset);
        assertEquals(referenceV6(v), C.classify(bytes(v, 16)), () -> "v6 " + v.toString(16));
      }
    }
  }

  @Test
  void classifiesWellKnownAddresses() throws Exception {
    assertEquals(Scope.LOCALHOST, scope("127.0.0.1"));
    assertEquals(Scope.LOCALHOST, scope("127.255.255.254"));
    assertEquals(Scope.LOCALHOST, scope("::1"));
    assertEquals(Scope.LAN, scope("192.168.1.20"));
    assertEquals(Scope.LAN, scope("fe80::1"));
    assertEquals(Scope.LAN, scope("fd12:3456::1"));
    assertEquals(Scope.MULTICAST, scope("224.0.0.251"));
    assertEquals(Scope.MULTICAST, scope("ff02::fb"));
    assertEquals(Scope.BROADCAST, scope("255.255.255.255"));
    assertEquals(Scope.INTERNET, scope("8.8.8.8"));
    assertEquals(Scope.INTERNET, scope("2a00:1450:4001::200e"));
    assertEquals(Scope.INVALID, scope("0.0.0.0"));
    assertEquals(Scope.INVALID, scope("::"));
  }

  @Test
  void classifiesIpv4MappedIpv6AsItsIpv4Address() {
    assertEquals(Scope.LOCALHOST, C.classify(mapped(127, 0, 0, 1)));
    assertEquals(Scope.LAN, C.classify(mapped(10, 1, 2, 3)));
    assertEquals(Scope.INTERNET, C.classify(mapped(1, 1, 1, 1)));
    assertEquals(Scope.BROADCAST, C.classify(mapped(255, 255, 255, 255)));
    assertEquals(Scope.MULTICAST, C.classify(mapped(239, 255, 255, 250)));
  }

  @Test
  void classifiesNat64ByEmbeddedAddress() {
    byte[] a = new byte[16];
    a[1] = 0x64;
    a[2] = (byte) 0xFF;
    a[3] = (byte) 0x9B;
    a[12] = 8;
    a[13] = 8;
    a[14] = 8;
    a[15] = 8;
    assertEquals(Scope.INTERNET, C.classify(a));
    a[12] = 10;
    assertEquals(Scope.INVALID, C.classify(a), "NAT64 never translates to private IPv4");
    a[12] = 127;
    assertEquals(Scope.INVALID, C.classify(a));
    a[11] = 1; // outside 64:ff9b::/96 but inside ::/8
    assertEquals(Scope.INVALID, C.classify(a));
  }

  @Test
  void cgnatIsConfigurable() {
    byte[] a = {100, 64, 0, 1};
    assertEquals(Scope.LAN, C.classify(a));
    assertEquals(Scope.LAN, C.cgnatScope());
    ScopeClassifier internet = ScopeClassifier.builder().cgnat(Scope.INTERNET).build();
    assertEquals(Scope.INTERNET, internet.classify(a));
    assertEquals(Scope.INTERNET, internet.classify(new byte[] {100, 127, (byte) 255, (byte) 255}));
    assertEquals(Scope.INTERNET, internet.classify(new byte[] {100, (byte) 128, 0, 0}));
    assertThrows(IllegalArgumentException.class, () -> ScopeClassifier.builder().cgnat(Scope.INVALID));
  }

  @Test
  void documentationRangesAreConfigurable() throws Exception {
    ScopeClassifier lab = ScopeClassifier.builder().documentation(Scope.INTERNET).build();
    for (String ip : List.of("192.0.2.1", "198.51.100.7", "203.0.113.200", "2001:db8::1", "3fff:fff::1")) {
      assertEquals(Scope.INVALID, scope(ip), ip);
      assertEquals(Scope.INTERNET, lab.classify(InetAddress.getByName(ip)), ip);
    }
    assertEquals(Scope.INTERNET, lab.documentationScope());
    assertEquals(Scope.INVALID, lab.classify(new byte[] {(byte) 192, 0, 0, 1}), "not a documentation range");
    assertThrows(IllegalArgumentException.class, () -> ScopeClassifier.builder().documentation(Scope.LAN));
  }

  @Test
  void readsAddressesInsideBuffersAtAnOffset() {
    byte[] packet = new byte[40];
    packet[12] = 10;
    packet[16] = (byte) 224;
    assertEquals(Scope.LAN, C.classifyIpv4(packet, 12));
    assertEquals(Scope.MULTICAST, C.classifyIpv4(packet, 16));
    byte[] v6 = new byte[40];
    v6[8] = (byte) 0xFE;
    v6[9] = (byte) 0x80;
    v6[24] = (byte) 0xFF;
    assertEquals(Scope.LAN, C.classifyIpv6(v6, 8));
    assertEquals(Scope.MULTICAST, C.classifyIpv6(v6, 24));
  }

  @Test
  void rejectsAddressesOfOtherLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> C.classify(new byte[5]));
    assertEquals("an IP address has 4 or 16 bytes, got 5", e.getMessage());
  }

  @Test
  void scopeNamesParseCaseInsensitively() {
    assertEquals(Scope.LOCALHOST, Scope.fromName("localhost"));
    assertEquals(Scope.LAN, Scope.fromName("lan"));
    assertEquals(Scope.INTERNET, Scope.fromName("INTERNET"));
    assertNull(Scope.fromName("intranet"));
    assertEquals("Localhost, LAN, Multicast, Broadcast, Internet, Invalid", Scope.ruleNames());
  }

  @Test
  void classifyingRawAddressesDoesNotAllocate() {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[][] inputs = {{10, 0, 0, 1}, {8, 8, 8, 8}, new byte[16], literal("2a00::1"), literal("fe80::1")};
    int sink = 0;
    for (int i = 0; i < 50_000; i++) {
      sink += C.classify(inputs[i % inputs.length]).ordinal();
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 200_000; i++) {
      sink += C.classify(inputs[i % inputs.length]).ordinal();
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertTrue(sink > 0);
    // One object per call would be at least 3.2 MB; the slack absorbs JIT and profiling noise.
    assertTrue(allocated < 200_000, "allocated " + allocated + " bytes for 200000 classifications");
  }

  private static byte[] mapped(int a, int b, int c, int d) {
    byte[] m = new byte[16];
    m[10] = (byte) 0xFF;
    m[11] = (byte) 0xFF;
    m[12] = (byte) a;
    m[13] = (byte) b;
    m[14] = (byte) c;
    m[15] = (byte) d;
    return m;
  }

  private static Scope scope(String ip) throws UnknownHostException {
    return C.classify(InetAddress.getByName(ip));
  }
}
