package org.netreeve.net.address;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  private static String text(String a) throws Exception {
    return IpLiteral.text(InetAddress.getByName(a));
  }

  @Test
  void writesAddressesTheWayPeopleDo() throws Exception {
    assertEquals("93.184.216.34", text("93.184.216.34"));
    assertEquals("2a00:1450:4001::10", text("2a00:1450:4001:0:0:0:0:10"));
    assertEquals("::1", text("0:0:0:0:0:0:0:1"));
    assertEquals("::", text("0:0:0:0:0:0:0:0"));
    assertEquals("1::", text("1:0:0:0:0:0:0:0"));
    assertEquals("fd99::2", text("fd99:0:0:0:0:0:0:2"));
    // The longest run of zeros is shortened, the first of equal ones; a single zero is not.
    assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
    assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"));
    assertEquals("1.2.3.4", text("::ffff:1.2.3.4"));
    assertNull(IpLiteral.text((InetAddress) null));
  }

  @Test
  void writesIpv6AddressesCompactly() throws Exception {
    assertEquals("::1", IpLiteral.text(InetAddress.getByName("::1").getAddress()));
    assertEquals("::", IpLiteral.text(new byte[16]));
    assertEquals("2001:db8::1", IpLiteral.text(InetAddress.getByName("2001:db8::1").getAddress()));
    assertEquals("2001:0:0:1::1", IpLiteral.text(InetAddress.getByName("2001:0:0:1:0:0:0:1").getAddress()));
    assertEquals("fe80::1:2", IpLiteral.text(InetAddress.getByName("fe80::1:2").getAddress()));
  }

  @Test
  void writesAnAddressWithItsPort() throws Exception {
    assertEquals("192.0.2.1:53", IpLiteral.withPort(InetAddress.getByName("192.0.2.1"), 53));
    assertEquals("[2001:db8::1]:853", IpLiteral.withPort(InetAddress.getByName("2001:db8::1"), 853));
  }

  @Test
  void parsesLiteralsWithoutAskingDns() throws Exception {
    assertArrayEquals(new byte[] {10, 0, 0, 1}, IpLiteral.parse("10.0.0.1"));
    assertEquals(InetAddress.getByName("2001:db8::1"), IpLiteral.address("2001:db8::1"));
    assertEquals(InetAddress.getByName("::ffff:192.0.2.1"), IpLiteral.address("::ffff:192.0.2.1"));
    assertEquals(4, IpLiteral.parse("::ffff:192.0.2.1").length, "IPv4-mapped comes back as IPv4");
    assertEquals(InetAddress.getByName("64:ff9b::c000:201"), IpLiteral.address("64:ff9b::192.0.2.1"));
    assertArrayEquals(new byte[16], IpLiteral.parse("::"));
  }

  @Test
  void namesTheColumnAndTheProblemOfABadLiteral() {
    AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("10.0.300.1"));
    assertEquals(6, e.column());
    assertEquals("IPv4 address part 300 is above 255", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("10.01.0.1"));
    assertEquals("leading zero in IPv4 address \"10.01.0.1\" (write 1)", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("10.0.1"));
    assertEquals("an IPv4 address has four parts, \"10.0.1\" has 3", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("fe80::1%eth0"));
    assertEquals(8, e.column(), "the zone's %");
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("1::2::3"));
    assertEquals("an IPv6 address has at most one \"::\"", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("1:2:3:4:5:6:7"));
    assertEquals("an IPv6 address without \"::\" has eight groups, \"1:2:3:4:5:6:7\" has 7", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("2001:db8::12345"));
    assertEquals("an IPv6 group has at most four hex digits, got \"12345\"", e.problem());
    e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("2001:dg8::1"));
    assertEquals(7, e.column());
    assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse("١.2.3.4"), "only ASCII digits");
  }

  @Test
  void listsAndConfigurationUseTheSameParserWithoutExceptions() throws Exception {
    byte[] line = "0.0.0.0 ads.example 2001:db8::1 not-an-ip".getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(new byte[4], IpLiteral.parseOrNull(line, 0, 7));
    assertNull(IpLiteral.parseOrNull(line, 8, 19));
    assertArrayEquals(InetAddress.getByName("2001:db8::1").getAddress(), IpLiteral.parseOrNull(line, 20, 31));
    assertEquals(InetAddress.getByName("::1"), IpLiteral.parseOrNull(" [::1] "));
    assertNull(IpLiteral.parseOrNull("dns.example"));
    assertNull(IpLiteral.parseOrNull("256.1.1.1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"::", "::1", "1::", "2001:db8::8a2e:370:7334", "fe80::1:2:3:4",
      "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:1.2.3.4", "FE80::ABCD"})
  void parsesIpv6LikeTheJdk(String literal) throws Exception {
    byte[] jdk = InetAddress.getByName(literal).getAddress();
    assertArrayEquals(jdk, IpLiteral.parse(literal), literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.1.2.3", "192.168.0.1"})
  void parsesIpv4LikeTheJdk(String literal) throws Exception {
    assertArrayEquals(InetAddress.getByName(literal).getAddress(), IpLiteral.parse(literal));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1.2.3          | 1 | an IPv4 address has four parts, \"1.2.3\" has 3",
      "1.2.3.4.5      | 8 | an IPv4 address has four parts, \"1.2.3.4.5\" has more",
      "1.2.300.4      | 5 | IPv4 address part 300 is above 255",
      "1.02.3.4       | 3 | leading zero in IPv4 address \"1.02.3.4\" (write 2)",
      "1..3.4         | 3 | empty part in IPv4 address \"1..3.4\"",
      "1:2:3          | 1 | an IPv6 address without \"::\" has eight groups, \"1:2:3\" has 3",
      "1::2::3        | 5 | an IPv6 address has at most one \"::\"",
      "12345::1       | 1 | an IPv6 group has at most four hex digits, got \"12345\"",
      "fe80::1%eth0   | 8 | zone ids (%interface) are not supported in addresses",
      "2001:db8::g1   | 11 | unexpected character 'g' in IPv6 address \"2001:db8::g1\"",
      ":1:2:3:4:5:6:7 | 1 | empty group in IPv6 address \":1:2:3:4:5:6:7\"",
      "1.2.3.4::      | 1 | an IPv4 part may only end an IPv6 address",
      "1:2:3:4:5:6:7::8 | 1 | too many groups in IPv6 address \"1:2:3:4:5:6:7::8\" (\"::\" stands for at least one)",
  })
  void reportsBadLiteralsWithColumns(String literal, int column, String detail) {
    AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> IpLiteral.parse(literal));
    assertEquals(detail, e.problem());
    assertEquals(column, e.column());
  }

  @Test
  void ipv6AddressesAreWrittenCompressed() throws Exception {
    assertEquals("::1", IpLiteral.text(InetAddress.getByName("::1")));
    assertEquals("2001:db8::1:0:0:1", IpLiteral.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
    assertEquals("fd00:0:1::", IpLiteral.text(InetAddress.getByName("fd00:0:1:0:0:0:0:0")));
    assertEquals("1:2:3:4:5:6:7:8", IpLiteral.text(InetAddress.getByName("1:2:3:4:5:6:7:8")));
    assertEquals("::", IpLiteral.text(InetAddress.getByName("::")));
  }
}
