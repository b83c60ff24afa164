package org.netreeve.intel.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netreeve.net.scope.Scope;

class EndpointListTest {

  private static EndpointTarget.Builder target() {
    return EndpointTarget.builder();
  }

  private static EndpointTarget web(String domain, String ip) {
    return target().domain(domain).ip(ip).protocol(6).remotePort(443).localPort(50000).build();
  }

  @Test
  void firstMatchingRuleWins() {
    EndpointList list = EndpointList.parse(String.join("\n",
        "# allow our API, nothing else of example.com",
        "+ api.example.com TCP/443",
        "- .example.com",
        "+ *"), "global.list");
    EndpointResult api = list.match(web("api.example.com", "93.184.216.34"));
    assertEquals(EndpointDecision.PERMIT, api.decision());
    assertEquals(0, api.rule().index());
    assertEquals(2, api.rule().line());
    assertEquals("global.list", api.rule().file());
    EndpointResult www = list.match(web("www.example.com", "93.184.216.34"));
    assertEquals(EndpointDecision.DENY, www.decision());
    assertEquals("- .example.com", www.rule().text());
    assertEquals("global.list:3", www.rule().location());
    assertEquals(EndpointDecision.PERMIT, list.match(web("other.org", "1.1.1.1")).decision());
    assertEquals(2, list.match(web("other.org", "1.1.1.1")).rule().index());
  }

  @Test
  void noRuleMatchingGivesNoMatch() {
    EndpointList list = EndpointList.parse("+ example.com\n- 10.0.0.0/8", null);
    EndpointResult r = list.match(web("other.org", "1.1.1.1"));
    assertSame(EndpointResult.NO_MATCH, r);
    assertNull(r.rule());
    assertEquals("no-match", r.word());
    assertEquals(EndpointDecision.NO_MATCH, EndpointList.EMPTY.match(web("a.b", "1.1.1.1")).decision());
  }

  @Test
  void domainRulesMatchTheCnameChain() {
    EndpointList list = EndpointList.parse("- .tracker.example", null);
    EndpointTarget cloaked = target().domain("metrics.shop.com")
        .cnames(List.of("shop.com.edge.net.", "X1.Tracker.Example.")).ip("1.2.3.4").build();
    assertEquals(EndpointDecision.DENY, list.match(cloaked).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(web("metrics.shop.com", "1.2.3.4")).decision());
  }

  @Test
  void ipRulesMatchAddressesAndRanges() {
    EndpointList list = EndpointList.parse(String.join("\n",
        "- 10.0.0.0/8", "- 2001:db8::/32", "+ 192.168.1.1", "- ::1"), null);
    assertEquals(EndpointDecision.DENY, list.match(web(null, "10.255.0.1")).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(web(null, "11.0.0.1")).decision());
    assertEquals(EndpointDecision.DENY, list.match(web(null, "2001:db8:ffff::1")).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(web(null, "2001:db9::1")).decision());
    assertEquals(EndpointDecision.PERMIT, list.match(web(null, "::ffff:192.168.1.1")).decision(),
        "IPv4-mapped target matches the IPv4 rule");
    assertEquals(EndpointDecision.DENY, list.match(web(null, "::1")).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(target().domain("x.org").build()).decision(),
        "no address: address rules cannot match");
  }

  @Test
  void scopeRulesUseTheTargetScopeAndLanCoversMulticast() {
    EndpointList list = EndpointList.parse("+ LAN UDP/MDNS\n+ Localhost\n- Internet", null);
    EndpointTarget mdns = target().ip("224.0.0.251").protocol(17).remotePort(5353).build();
    assertEquals(Scope.MULTICAST, mdns.scope());
    assertEquals(EndpointDecision.PERMIT, list.match(mdns).decision());
    assertEquals(EndpointDecision.PERMIT, list.match(web(null, "127.0.0.1")).decision());
    assertEquals(EndpointDecision.DENY, list.match(web(null, "8.8.8.8")).decision());
    EndpointTarget noScope = target().domain("a.org").protocol(6).remotePort(443).build();
    assertEquals(EndpointDecision.NO_MATCH, list.match(noScope).decision());
  }

  @Test
  void intelEntitiesDoNotMatchWithoutIntel() {
    EndpointList list = EndpointList.parse("- DE\n- C:AS\n- AS15169\n- L:MAL,TRAC", null);
    EndpointTarget bare = web("x.org", "8.8.8.8");
    assertEquals(EndpointDecision.NO_MATCH, list.match(bare).decision());
    assertEquals(0, list.match(target().ip("8.8.8.8").country("de").build()).rule().index());
    assertEquals(1, list.match(target().ip("8.8.8.8").continent("as").build()).rule().index());
    assertEquals(2, list.match(target().ip("8.8.8.8").asn(15169).build()).rule().index());
    assertEquals(3, list.match(target().domain("x.org").lists(Set.of("trac")).build()).rule().index());
    assertEquals(EndpointDecision.NO_MATCH,
        list.match(target().domain("x.org").lists(Set.of("ADS")).country("FR").asn(3).build()).decision());
  }

  @Test
  void negationMatchesWhenTheEntityIsKnownAndDifferent() {
    EndpointList list = EndpointList.parse("- !.example.com", null);
    assertEquals(EndpointDecision.DENY, list.match(web("evil.org", "1.1.1.1")).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(web("www.example.com", "1.1.1.1")).decision());
    assertEquals(EndpointDecision.NO_MATCH, list.match(web(null, "1.1.1.1")).decision(),
        "unknown domain: the negated rule does not match either");
    EndpointList notDe = EndpointList.parse("- !DE", null);
    assertEquals(EndpointDecision.NO_MATCH, notDe.match(web("a.org", "1.1.1.1")).decision());
    assertEquals(EndpointDecision.DENY, notDe.match(target().ip("1.1.1.1").country("US").build()).decision());
    EndpointList notListed = EndpointList.parse("+ !L:MAL", null);
    assertEquals(EndpointDecision.PERMIT,
        notListed.match(target().domain("a.org").lists(Set.of()).build()).decision(),
        "an empty list set means: checked, on no list");
  }

  @Test
  void protocolAndPortRestrictTheRule() {
    EndpointList list = EndpointList.parse("+ * TCP/80-443\n- * UDP\n+ * */53", null);
    assertEquals(EndpointDecision.PERMIT, list.match(web("a.org", "1.1.1.1")).decision());
    EndpointTarget tcp8080 = target().ip("1.1.1.1").protocol(6).remotePort(8080).build();
    assertEquals(EndpointDecision.NO_MATCH, list.match(tcp8080).decision());
    EndpointTarget udp = target().ip("1.1.1.1").protocol(17).remotePort(53).build();
    assertEquals(EndpointDecision.DENY, list.match(udp).decision());
    EndpointTarget tcp53 = target().ip("1.1.1.1").protocol(6).remotePort(53).build();
    assertEquals(2, list.match(tcp53).rule().index());
    EndpointTarget icmp = target().ip("1.1.1.1").protocol(1).build();
    assertEquals(EndpointDecision.NO_MATCH, list.match(icmp).decision(), "*/53 needs a protocol with ports");
  }

  @Test
  void localPortRulesMatchTheLocalPort() {
    EndpointList incoming = EndpointList.parse("+ LAN TCP/local:22\n- *", null);
    EndpointTarget ssh = target().ip("192.168.1.50").protocol(6).remotePort(51234).localPort(22).build();
    assertEquals(EndpointDecision.PERMIT, incoming.match(ssh).decision());
    EndpointTarget remote22 = target().ip("192.168.1.50").protocol(6).remotePort(22).localPort(40000).build();
    assertEquals(EndpointDecision.DENY, incoming.match(remote22).decision());
  }

  @Test
  void unknownProtocolOrPortMakesAMatchingRuleUndetermined() {
    EndpointList list = EndpointList.parse("+ .example.com TCP/443\n- *", null);
    EndpointTarget query = target().domain("www.example.com").build();
    EndpointResult r = list.match(query);
    assertEquals(EndpointDecision.UNDETERMINED, r.decision());
    assertEquals(0, r.rule().index());
    assertEquals(false, r.isFinal());
    EndpointTarget other = target().domain("other.org").build();
    assertEquals(EndpointDecision.DENY, list.match(other).decision(),
        "a rule whose entity does not match is skipped even with unknown ports");
  }

  @Test
  void parseCollectsEveryBadLine() {
    EndpointListException e = assertThrows(EndpointListException.class, () -> EndpointList.parse(
        "+ example.com\n+ exa mple.com\n\n- 10.0.0.1/8 # typo\n+ * TCP/99999", "my.list"));
    assertEquals(3, e.errors().size());
    assertEquals("my.list:2:7: expected a protocol (TCP, UDP, ICMP, ICMPv6, another name, a number "
        + "1-255 or *), got \"mple.com\" (an entity cannot contain spaces)", e.errors().get(0).getMessage());
    assertEquals(4, e.errors().get(1).line());
    assertEquals(3, e.errors().get(1).column());
    assertEquals("my.list:5:9: port 99999 is out of range (1-65535)", e.errors().get(2).getMessage());
    assertTrue(e.getMessage().contains("my.list:4:3: "));
  }

  @Test
  void listsRequireConsistentIndices() {
    EndpointRule r = EndpointRuleParser.parse("+ *", null, 0, 3);
    assertThrows(IllegalArgumentException.class, () -> EndpointList.of(List.of(r)));
  }

  @Test
  void matchingDomainListsDoesNotAllocate() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      text.append("- .blocked").append(i).append(".example\n");
      text.append("+ *.allowed").append(i).append(".org TCP/443\n");
    }
    text.append("+ LAN\n- *\n");
    EndpointList list = EndpointList.parse(text.toString(), null);
    EndpointTarget t = target().domain("www.unrelated.net").cnames(List.of("edge.cdn.net"))
        .protocol(6).remotePort(443).scope(Scope.INTERNET).build();
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += list.match(t).rule().index();
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      sink += list.match(t).rule().index();
    }
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertEquals(101 * 120_000, sink);
    // One object per match would be at least 1.6 MB; the slack absorbs JIT and profiling noise.
    assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 100000 matches");
  }
}
