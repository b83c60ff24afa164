package org.netreeve.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.net.Verdict;

class VerdictResolverTest {

  private static Vote vote(String rule, Tier tier, int priority, Verdict v) {
    return new Vote("org.netreeve.rules", rule, tier, priority, v, rule + " says " + v, null);
  }

  private final VerdictResolver resolver = new VerdictResolver(true);

  @Test
  void higherTierBeatsMoreRestrictiveLowerTier() {
    Decision d = resolver.resolve(Stage.LINK, List.of(
        vote("flags", Tier.FLAGS, 0, Verdict.BLOCK),
        vote("endpoint", Tier.PROFILE, 0, Verdict.ACCEPT)), null, Verdict.BLOCK);
    assertEquals("endpoint", d.winner().rule());
    assertEquals(Verdict.PERMANENT_ACCEPT, d.verdict());
    assertEquals(2, d.votes().size());
    assertEquals("flags", d.votes().get(1).rule());
  }

  @Test
  void priorityOrdersWithinATier() {
    Decision d = resolver.resolve(Stage.LINK, List.of(
        vote("global", Tier.DEFAULT, 0, Verdict.BLOCK),
        vote("profile", Tier.DEFAULT, 1, Verdict.ACCEPT)), null, Verdict.BLOCK);
    assertEquals("profile", d.winner().rule());
  }

  @Test
  void mostRestrictiveWinsAmongEquals() {
    Decision d = resolver.resolve(Stage.LINK, List.of(
        vote("a", Tier.FLAGS, 0, Verdict.ACCEPT),
        vote("b", Tier.FLAGS, 0, Verdict.DROP),
        vote("c", Tier.FLAGS, 0, Verdict.BLOCK)), null, Verdict.ACCEPT);
    assertEquals("b", d.winner().rule());
    assertEquals(Verdict.PERMANENT_DROP, d.verdict());
  }

  @Test
  void firstFiredWinsAmongExactEquals() {
    Decision d = resolver.resolve(Stage.LINK, List.of(
        vote("first", Tier.FLAGS, 0, Verdict.BLOCK),
        vote("second", Tier.FLAGS, 0, Verdict.BLOCK)), null, Verdict.ACCEPT);
    assertEquals("first", d.winner().rule());
  }

  @Test
  void noVotesFallsBackWithSyntheticRule() {
    Decision d = resolver.resolve(Stage.LINK, List.of(), null, Verdict.DROP);
    assertEquals(VerdictResolver.FALLBACK_RULE, d.winner().rule());
    assertEquals(Verdict.PERMANENT_DROP, d.verdict());
  }

  @Test
  void inspectionKeepsAcceptPerPacket() {
    Decision d = resolver.resolve(Stage.LINK, List.of(vote("a", Tier.DEFAULT, 0, Verdict.ACCEPT)), "tls",
        Verdict.BLOCK);
    assertEquals(Verdict.ACCEPT, d.verdict());
    assertEquals("tls", d.inspection());
  }

  @Test
  void inspectionEndsWithABlock() {
    Decision d = resolver.resolve(Stage.LINK, List.of(vote("a", Tier.FLAGS, 0, Verdict.BLOCK)), "tls",
        Verdict.BLOCK);
    assertEquals(Verdict.PERMANENT_BLOCK, d.verdict());
    assertNull(d.inspection());
  }

  @Test
  void explicitPermanentVerdictEndsInspection() {
    Decision d = resolver.resolve(Stage.PACKET, List.of(vote("tls", Tier.PROFILE, 0, Verdict.PERMANENT_ACCEPT)),
        "tls", Verdict.BLOCK);
    assertEquals(Verdict.PERMANENT_ACCEPT, d.verdict());
    assertNull(d.inspection());
  }

  @Test
  void dnsStagesAreNeverPermanent() {
    Decision d = resolver.resolve(Stage.BEFORE_INTEL, List.of(vote("a", Tier.FLAGS, 0, Verdict.BLOCK)), null,
        Verdict.ACCEPT);
    assertEquals(Verdict.BLOCK, d.verdict());
  }

  @Test
  void permanenceCanBeTurnedOff() {
    Decision d = new VerdictResolver(false).resolve(Stage.LINK,
        List.of(vote("a", Tier.FLAGS, 0, Verdict.BLOCK)), null, Verdict.ACCEPT);
    assertEquals(Verdict.BLOCK, d.verdict());
  }

  @Test
  void decidingStageComesFromTheWinningRule() {
    Vote comm = new Vote("p", "list", Tier.FILTER_LISTS, 0, Verdict.BLOCK, "listed", Stage.COMMUNICATION);
    Decision d = resolver.resolve(Stage.LINK, List.of(comm), null, Verdict.ACCEPT);
    assertEquals(Stage.COMMUNICATION, d.stage());
    assertEquals(Stage.LINK, d.requestedStage());
    // A rule labelled for a later stage does not move an earlier decision.
    Vote link = new Vote("p", "x", Tier.FLAGS, 0, Verdict.BLOCK, "x", Stage.LINK);
    assertEquals(Stage.COMMUNICATION, resolver.resolve(Stage.COMMUNICATION, List.of(link), null, Verdict.ACCEPT)
        .stage());
  }
}
