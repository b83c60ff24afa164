package org.netreeve.intel.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netreeve.net.scope.Scope;

class EndpointRuleParserTest {

  @Test
  void parsesActionEntityProtocolAndPort() {
    EndpointRule r = EndpointRuleParser.parse("+ *.example.com TCP/443", "a.list", 7, 2);
    assertEquals(EndpointAction.PERMIT, r.action());
    assertFalse(r.negated());
    assertEquals(DomainPattern.Kind.SUBDOMAINS,
        assertInstanceOf(EndpointEntity.Domain.class, r.entity()).pattern().kind());
    assertEquals(6, r.protocol());
    assertEquals(PortRange.of(443), r.ports());
    assertFalse(r.localPort());
    assertEquals("+ *.example.com TCP/443", r.text());
    assertEquals("a.list", r.file());
    assertEquals(7, r.line());
    assertEquals(2, r.index());
    assertEquals("a.list:7", r.location());
  }

  @Test
  void parsesEveryEntityKind() {
    assertInstanceOf(EndpointEntity.Any.class, entity("- *"));
    assertEquals(new EndpointEntity.Country("DE"), entity("- DE"));
    assertEquals(new EndpointEntity.Continent("EU"), entity("- C:EU"));
    assertEquals(new EndpointEntity.Continent("OC"), entity("- c:oc"));
    assertEquals(new EndpointEntity.Asn(15169), entity("- AS15169"));
    assertEquals(new EndpointEntity.Asn(4294967295L), entity("- AS4294967295"));
    assertEquals(new EndpointEntity.Lists(List.of("MAL", "TRAC")), entity("- L:MAL,trac"));
    assertEquals(List.of(Scope.LAN, Scope.LOCALHOST),
        assertInstanceOf(EndpointEntity.Scopes.class, entity("+ LAN,Localhost")).scopes());
    assertEquals(List.of(Scope.INTERNET),
        assertInstanceOf(EndpointEntity.Scopes.class, entity("+ internet")).scopes());
    assertEquals("10.0.0.0/8", assertInstanceOf(EndpointEntity.Ip.class, entity("- 10.0.0.0/8")).range().toString());
    assertEquals(6, assertInstanceOf(EndpointEntity.Ip.class, entity("- 2001:db8::/32")).range().version());
    assertEquals(32, assertInstanceOf(EndpointEntity.Ip.class, entity("- 1.1.1.1")).range().prefix());
    assertEquals("example.com",
        assertInstanceOf(EndpointEntity.Domain.class, entity("+ Example.com.")).pattern().value());
    assertEquals("de", assertInstanceOf(EndpointEntity.Domain.class, entity("+ de.")).pattern().value(),
        "lower-case or dotted two letters are a domain, not a country");
  }

  @Test
  void parsesProtocolsByNameNumberAndStar() {
    assertEquals(17, EndpointRuleParser.parse("+ * UDP").protocol());
    assertEquals(17, EndpointRuleParser.parse("+ * udp").protocol());
    assertEquals(17, EndpointRuleParser.parse("+ * 17").protocol());
    assertEquals(1, EndpointRuleParser.parse("+ * ICMP").protocol());
    assertEquals(58, EndpointRuleParser.parse("+ * ICMPv6").protocol());
    assertEquals(132, EndpointRuleParser.parse("+ * SCTP/3868").protocol());
    assertEquals(0, EndpointRuleParser.parse("+ * */443").protocol());
    assertEquals(PortRange.of(443), EndpointRuleParser.parse("+ * */443").ports());
    assertEquals(253, EndpointRuleParser.parse("+ * 253").protocol());
  }

  @Test
  void parsesPortsRangesNamesAndLocalPorts() {
    assertEquals(new PortRange(8000, 8100), EndpointRuleParser.parse("+ * TCP/8000-8100").ports());
    assertEquals(PortRange.of(53), EndpointRuleParser.parse("+ * UDP/DNS").ports());
    assertEquals(PortRange.of(853), EndpointRuleParser.parse("+ * TCP/dot").ports());
    assertEquals(new PortRange(80, 443), EndpointRuleParser.parse("+ * TCP/HTTP-HTTPS").ports());
    EndpointRule local = EndpointRuleParser.parse("+ LAN TCP/local:22");
    assertTrue(local.localPort());
    assertEquals(PortRange.of(22), local.ports());
    EndpointRule star = EndpointRuleParser.parse("+ LAN TCP/*");
    assertNull(star.ports());
    assertFalse(EndpointRuleParser.parse("+ LAN TCP/local:*").localPort());
  }

  @Test
  void negationAndCommentsAndWhitespace() {
    EndpointRule r = EndpointRuleParser.parse("  -\t!*.example.com   UDP  # not ours");
    assertTrue(r.negated());
    assertEquals(EndpointAction.DENY, r.action());
    assertEquals("-\t!*.example.com   UDP", r.text());
    assertEquals(17, r.protocol());
  }

  private static EndpointEntity entity(String rule) {
    return EndpointRuleParser.parse(rule).entity();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "+ @foo | 3 | expected an entity (*, a domain, an IP or CIDR, a scope, a country, C:continent, ASnumber or L:lists), got \"@foo\"",
      "+ TCP/443 | 3 | expected an entity (*, a domain, an IP or CIDR, a scope, a country, C:continent, ASnumber or L:lists), got \"TCP/443\" (the entity comes before the protocol, e.g. \"+ * TCP/443\")",
      "+ | 3 | expected an entity (*, a domain, an IP or CIDR, a scope, a country, C:continent, ASnumber or L:lists) after \"+\"",
      "* example.com | 1 | expected \"+\" (permit) or \"-\" (deny), got \"*\"",
      "+example.com | 2 | expected a space after \"+\", got \"example.com\"",
      "`# only a comment` | 1 | expected a rule such as \"+ example.com\" or \"- *\", got only a comment",
      "`   ` | 1 | expected a rule such as \"+ example.com\" or \"- *\", got nothing",
      "- !* | 3 | \"!*\" matches nothing; remove the rule or write \"*\"",
      "- ! | 4 | expected an entity (*, a domain, an IP or CIDR, a scope, a country, C:continent, ASnumber or L:lists) after \"!\", got \"\"",
      "+ C:XX | 5 | expected a continent code (AF, AN, AS, EU, NA, OC, SA) after \"C:\", got \"XX\"",
      "+ AS0 | 5 | AS number 0 is out of range (1-4294967295)",
      "+ AS4294967296 | 5 | AS number 4294967296 is out of range (1-4294967295)",
      "+ L:MAL,,TRAC | 9 | expected a filter list id or category (letters, digits, '-', '_') in \"L:MAL,,TRAC\"; separate several with commas and no spaces, e.g. L:MAL,TRAC",
      "+ L:MA$ | 7 | unexpected character '$' in filter list id \"MA$\"",
      "+ LAN, Localhost | 7 | expected a scope name between commas; write lists without spaces, e.g. LAN,Localhost",
      "+ LAN,Intranet | 7 | expected a scope (Localhost, LAN, Multicast, Broadcast, Internet, Invalid) in the comma-separated list \"LAN,Intranet\", got \"Intranet\"",
      "+ 10.0.0.1/8 | 3 | \"10.0.0.1/8\" has host bits set beyond /8; did you mean 10.0.0.0/8?",
      "+ 10.0.0.256 | 10 | IPv4 address part 256 is above 255",
      "+ 2001:db8::/129 | 14 | prefix length 129 is above 128 for an IPv6 range",
      "+ exa*mple.com | 6 | a * may only stand at the start or the end of a domain pattern, got \"exa*mple.com\"",
      "- !exa..com | 8 | empty label in domain \"exa..com\" (two dots, or a dot at the start or end)",
      "+ * TCPX | 5 | expected a protocol (TCP, UDP, ICMP, ICMPv6, another name, a number 1-255 or *), got \"TCPX\"",
      "+ * 0 | 5 | protocol number 0 is out of range (1-255; * means any protocol)",
      "+ * 256 | 5 | protocol number 256 is out of range (1-255; * means any protocol)",
      "+ * /443 | 5 | expected a protocol (TCP, UDP, ICMP, ICMPv6, another name, a number 1-255 or *) before \"/\"",
      "+ * TCP/ | 9 | expected a port (1-65535), a port range such as 8000-8100, or a port name such as HTTPS, got nothing",
      "+ * TCP/70000 | 9 | port 70000 is out of range (1-65535)",
      "+ * TCP/0 | 9 | port 0 is out of range (1-65535)",
      "+ * TCP/100-80 | 9 | port range 100-80 starts above its end (100 > 80)",
      "+ * TCP/80-90-100 | 14 | a port range has one \"-\", e.g. 8000-8100, got \"80-90-100\"",
      "+ * TCP/80- | 12 | expected a port number or name on both sides of \"-\"",
      "+ * TCP/WEB | 9 | expected a port number (1-65535) or a port name such as HTTPS or SSH, got \"WEB\"",
      "+ * TCP/local:SSHX | 15 | expected a port number (1-65535) or a port name such as HTTPS or SSH, got \"SSHX\"",
      "+ * ICMP/8 | 9 | protocol ICMP has no ports; ports go with TCP, UDP, SCTP, DCCP, UDPLite or *",
      "+ * TCP/443 extra | 13 | unexpected \"extra\" after the protocol and port (a rule has at most three parts; a comment starts with #)",
      "+ TCP | 3 | expected an entity (*, a domain, an IP or CIDR, a scope, a country, C:continent, ASnumber or L:lists), got \"TCP\" (the entity comes before the protocol, e.g. \"+ * TCP\")",
  })
  void reportsErrorsWithColumnAndExpectation(String rule, int column, String detail) {
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> EndpointRuleParser.parse(rule));
    assertEquals(detail, e.detail());
    assertEquals(column, e.column(), e.getMessage());
    assertEquals("column " + column + ": " + detail, e.getMessage());
  }

  @Test
  void errorMessageMatchesTheDocumentedExample() {
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class,
        () -> EndpointRuleParser.parse("+ %%% TCP/443"));
    assertEquals("column 3: expected an entity (*, a domain, an IP or CIDR, a scope, a country, "
        + "C:continent, ASnumber or L:lists), got \"%%%\"", e.getMessage());
    assertEquals("a.list:4:3: expected an entity (*, a domain, an IP or CIDR, a scope, a country, "
        + "C:continent, ASnumber or L:lists), got \"%%%\"", e.at("a.list", 4).getMessage());
  }
}
