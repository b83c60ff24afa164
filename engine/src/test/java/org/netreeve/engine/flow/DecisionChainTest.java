package org.netreeve.engine.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.decision.Vote;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.policy.ProfileResolver;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.net.Direction;
import org.netreeve.net.Verdict;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;

/** The stages of a flow with a small rule base of their own, a fake profile resolver and fake intel. */
class DecisionChainTest {

  private static final String RULES = """
      package test.rules;

      import org.netreeve.engine.facts.*;

      global org.netreeve.engine.decision.Ballot ballot;

      rule "domain.blocked" @stage(communication)
      when
        Connection(domain == "blocked.example")
      then
        ballot.block(kcontext, "blocked domain");
      end

      rule "app.seen" @stage(communication)
      when
        Connection(firstPacket)
      then
        ballot.allow(kcontext, "the application may talk");
      end

      rule "port.telnet" @stage(link)
      when
        Connection(linkLevel, remotePort == 23)
      then
        ballot.drop(kcontext, "no telnet");
      end

      rule "link.seen" @stage(link)
      when
        Connection(firstPacket)
      then
        ballot.allow(kcontext, "any link");
      end

      rule "dns.listed" @stage(before-intel)
      when
        Request(connection.dnsQuery, intel.blocked())
      then
        ballot.block(kcontext, "listed");
      end
      """;

  private static RuleBase ruleBase;

  private final ProfileFact curl = profile("curl", Set.of());
  private final List<AuditRecord> written = new ArrayList<>();
  private PolicyState policy;
  private Communications communications;
  private DecisionChain chain;
  private final Map<String, DomainLookup.Name> remembered = new java.util.HashMap<>();
  private IntelSource intel = IntelSource.NONE;

  @BeforeAll
  static void compileRules() throws Exception {
    ruleBase = RuleBaseLoader.standard().build(Map.of("test.drl", RULES));
  }

  private static ProfileFact profile(String id, Set<String> lists) {
    return new ProfileFact(id, id, null, null, "exact", EnumSet.noneOf(Flag.class), SecurityLevel.DYNAMIC, null,
        false, null, List.of(), null, null, null, null, lists.isEmpty() ? null : lists, null);
  }

  private void chain(ProfileFact profile) {
    ProfileResolver resolver = new ProfileResolver() {
      @Override
      public Resolution resolve(ProcessInfo p, boolean kernel) {
        return new Resolution(profile, p);
      }

      @Override
      public int size() {
        return 1;
      }
    };
    PolicySnapshot snap = PolicySnapshot.of(null, Instant.EPOCH, ruleBase, resolver, PolicyConfig.defaults());
    policy = new PolicyState(snap, new IntelSource() {
      @Override
      public IntelLookup lookup(String domain, List<String> cnames, InetAddress ip) {
        return intel.lookup(domain, cnames, ip);
      }

      @Override
      public long generation() {
        return intel.generation();
      }
    });
    communications = Communications.bounded(100);
    Engine engine = new Engine();
    chain = new DecisionChain(List.of(
        new ProfileStage(policy),
        new DomainStage((profileId, remote) -> remembered.get(profileId + " " + remote.getHostAddress())),
        new IntelStage(ScopeClassifier.DEFAULT, DecisionChain.LOCAL_NAMESERVERS),
        new CommunicationStage(engine, communications),
        new LinkStage(engine),
        new AuditStage(written::add, Clock.systemUTC())));
  }

  private static ProcessInfo process(int pid) {
    return new ProcessInfo(pid, 1, 5, "/usr/bin/curl", "curl x", List.of("curl", "x"), 1000, "alice", List.of(),
        "", "");
  }

  private static DecisionRequest link(ProcessInfo p, String domain, String ip, int port) throws Exception {
    return DecisionRequest.builder(Stage.LINK).process(p).protocol(6)
        .local(InetAddress.getByName("10.0.0.2"), 40000 + port).remote(InetAddress.getByName(ip), port)
        .domain(domain).dnsResolved(domain != null).build();
  }

  private static List<String> rules(List<Vote> votes) {
    return votes.stream().map(Vote::rule).toList();
  }

  @Test
  void aCommunicationIsDecidedOnceAndItsLinksInheritItsVotes() throws Exception {
    chain(curl);
    Flow first = chain.run(link(process(10), "blocked.example", "93.184.216.34", 443));
    assertEquals(Verdict.PERMANENT_BLOCK, first.verdict());
    assertEquals("domain.blocked", first.decision().winner().rule());
    assertEquals(Stage.COMMUNICATION, first.decision().stage(), "the communication decided");
    Communication c = first.communication();
    assertNotNull(c);
    assertEquals("blocked.example", c.domain());
    assertNull(c.address());

    Flow second = chain.run(link(process(10), "blocked.example", "93.184.216.35", 8443));
    assertSame(c, second.communication(), "another link of the same communication");
    assertSame(c.ruling(), second.communication().ruling(), "decided once, not again");
    assertEquals("domain.blocked", second.decision().winner().rule());

    Flow otherProcess = chain.run(link(process(11), "blocked.example", "93.184.216.34", 443));
    assertNotSame(c, otherProcess.communication(), "a communication belongs to one process");
    assertEquals(2, communications.size());
  }

  @Test
  void theLinkStageDecidesWhatTheCommunicationLeftOpen() throws Exception {
    chain(curl);
    Flow telnet = chain.run(link(process(10), "ok.example", "93.184.216.34", 23));
    assertEquals(Verdict.PERMANENT_DROP, telnet.verdict());
    assertEquals("port.telnet", telnet.decision().winner().rule());
    assertEquals(Stage.LINK, telnet.decision().stage());
    assertTrue(rules(telnet.decision().votes()).contains("app.seen"), "the inherited vote is listed");
  }

  @Test
  void aRuleThatVotedOnTheCommunicationDoesNotVoteAgainOnItsLinks() throws Exception {
    chain(curl);
    Flow f = chain.run(link(process(10), "ok.example", "93.184.216.34", 443));
    List<String> voters = rules(f.decision().votes());
    assertEquals(1, voters.stream().filter("app.seen"::equals).count(), voters.toString());
    assertEquals(1, voters.stream().filter("link.seen"::equals).count(), voters.toString());
    Vote appSeen = f.decision().votes().stream().filter(v -> v.rule().equals("app.seen")).findFirst().orElseThrow();
    assertEquals(Stage.COMMUNICATION, appSeen.stage());
  }

  @Test
  void onlyCommunicationRulesRunAtTheCommunicationStage() throws Exception {
    chain(curl);
    DecisionRequest atCommunication = DecisionRequest.builder(Stage.COMMUNICATION).process(process(10)).protocol(6)
        .remote(InetAddress.getByName("93.184.216.34"), 443).domain("ok.example").dnsResolved(true).build();
    Flow f = chain.run(atCommunication);
    assertEquals(List.of("app.seen"), rules(f.decision().votes()));
    assertNull(f.connection().remoteIp(), "a communication with a domain is not about one address");
    assertEquals(0, f.connection().remotePort());
  }

  @Test
  void withoutADomainTheCommunicationIsWithTheAddress() throws Exception {
    chain(curl);
    Flow f = chain.run(link(process(10), null, "93.184.216.34", 443));
    assertEquals("93.184.216.34", f.communication().address());
    assertNull(f.communication().domain());
  }

  @Test
  void aChangeOfLevelMakesTheCommunicationDecideAgain() throws Exception {
    chain(curl);
    Flow before = chain.run(link(process(10), "ok.example", "93.184.216.34", 443));
    Object decided = before.communication().ruling();
    assertSame(decided, chain.run(link(process(10), "ok.example", "93.184.216.34", 443)).communication().ruling());
    policy.level(SecurityLevel.SECURE);
    Flow after = chain.run(link(process(10), "ok.example", "93.184.216.34", 443));
    assertSame(before.communication(), after.communication());
    assertNotSame(decided, after.communication().ruling());
  }

  @Test
  void theDomainStageRecallsTheNameTheNameserverAnsweredForThisProfile() throws Exception {
    chain(curl);
    remembered.put("curl 93.184.216.34", new DomainLookup.Name("www.example.org", List.of("edge.example.net")));
    Flow f = chain.run(link(process(10), null, "93.184.216.34", 443));
    assertEquals("www.example.org", f.domain());
    assertEquals(List.of("edge.example.net"), f.cnames());
    assertTrue(f.dnsResolved());
    assertEquals("www.example.org", f.communication().domain());

    DecisionRequest inbound = DecisionRequest.builder(Stage.LINK).process(process(10)).protocol(6)
        .direction(Direction.INBOUND).local(InetAddress.getByName("10.0.0.2"), 22)
        .remote(InetAddress.getByName("93.184.216.34"), 50000).build();
    assertNull(chain.run(inbound).domain(), "an inbound connection has no domain of ours");
  }

  @Test
  void theAuditStageWritesOneRecordPerDecisionWithIdRevisionAndCommunication() throws Exception {
    chain(curl);
    Flow a = chain.run(link(process(10), "ok.example", "93.184.216.34", 443));
    Flow b = chain.run(link(process(10), "ok.example", "93.184.216.34", 444));
    assertEquals(2, written.size());
    assertSame(a.audit(), written.get(0));
    assertNotNull(a.audit().decisionId());
    assertTrue(!a.audit().decisionId().equals(b.audit().decisionId()), "every decision has its own id");
    assertEquals("none", a.audit().policyRevision(), "a policy not loaded from a directory");
    assertEquals(a.communication().id(), a.audit().communication().id());
    assertEquals(a.audit().communication().id(), b.audit().communication().id(), "links of one communication");

    chain.runQuietly(link(process(10), "ok.example", "93.184.216.34", 445));
    assertEquals(2, written.size(), "a quiet flow builds its record but does not write it");
  }

  @Test
  void aRetransmittedRefusalIsAuditedOnce() throws Exception {
    chain(curl);
    Flow first = chain.run(link(process(10), "blocked.example", "93.184.216.34", 443));
    Flow again = DecisionChain.start(link(process(10), "blocked.example", "93.184.216.34", 443));
    again.previously(first.verdict(), 10, System.nanoTime());
    chain.run(again);
    assertEquals(1, written.size());
    assertNotNull(again.audit(), "the record is still made");
  }

  @Test
  void filterListsSelectedInAnyCaseBlock() throws Exception {
    chain(profile("browser", Set.of("ads")));
    intel = new IntelSource() {
      @Override
      public IntelLookup lookup(String domain, List<String> cnames, InetAddress ip) {
        return "banner.example".equals(domain)
            ? new IntelLookup(Map.of("ADS", new ListHit("ads", "banner.example")), null, null, 0, null)
            : IntelLookup.NONE;
      }

      @Override
      public long generation() {
        return 1;
      }
    };
    Flow f = chain.run(DecisionRequest.builder(Stage.BEFORE_INTEL).process(process(10)).domain("Banner.Example.")
        .queryType("A").build());
    assertEquals("banner.example", f.domain(), "the name in normal form");
    assertEquals(Set.of("ADS"), f.intel().blockingLists());
    assertEquals("dns.listed", f.decision().winner().rule());
    assertNull(f.communication(), "a DNS query is decided before any link exists");
  }
}
