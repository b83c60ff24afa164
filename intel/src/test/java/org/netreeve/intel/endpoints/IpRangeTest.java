package org.netreeve.intel.endpoints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

  @Test
  void mappedAddressesBecomeIpv4() {
    assertEquals(4, org.netreeve.net.address.IpLiteral.parse("::ffff:10.0.0.1").length);
    IpRange r = IpRange.parse("::ffff:10.0.0.0/104");
    assertEquals(4, r.version());
    assertEquals(8, r.prefix());
    assertEquals("10.0.0.0/8", r.toString());
  }

  @Test
  void containsAddressesInsideTheRangeOnly() {
    IpRange r = IpRange.parse("192.168.16.0/20");
    assertTrue(r.contains(4, 0, 0xC0A81000L));
    assertTrue(r.contains(4, 0, 0xC0A81FFFL));
    assertFalse(r.contains(4, 0, 0xC0A80FFFL));
    assertFalse(r.contains(4, 0, 0xC0A82000L));
    assertFalse(r.contains(6, 0, 0xC0A81000L), "IPv6 address never in an IPv4 range");
    IpRange all = IpRange.parse("0.0.0.0/0");
    assertTrue(all.contains(4, 0, 0xFFFFFFFFL));
    IpRange v6 = IpRange.parse("2001:db8:1234::/48");
    assertTrue(v6.contains(6, 0x20010DB812340000L, 5));
    assertTrue(v6.contains(6, 0x20010DB81234FFFFL, -1));
    assertFalse(v6.contains(6, 0x20010DB812350000L, 0));
    IpRange v6long = IpRange.parse("2001:db8::/127");
    assertTrue(v6long.contains(6, 0x20010DB800000000L, 1));
    assertFalse(v6long.contains(6, 0x20010DB800000000L, 2));
    IpRange host = IpRange.parse("::1");
    assertEquals(128, host.prefix());
    assertTrue(host.contains(6, 0, 1));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.1/8     | 1 | \"10.0.0.1/8\" has host bits set beyond /8; did you mean 10.0.0.0/8?",
      "10.0.0.0/33    | 10 | prefix length 33 is above 32 for an IPv4 range",
      "10.0.0.0/      | 10 | expected a prefix length (0-32) after \"/\", got \"\"",
      "2001:db8::1/32 | 1 | \"2001:db8::1/32\" has host bits set beyond /32; did you mean 2001:db8:0:0:0:0:0:0/32?",
      "::/129         | 4 | prefix length 129 is above 128 for an IPv6 range",
  })
  void reportsBadRanges(String text, int column, String detail) {
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> IpRange.parse(text));
    assertEquals(detail, e.detail());
    assertEquals(column, e.column());
  }
}
