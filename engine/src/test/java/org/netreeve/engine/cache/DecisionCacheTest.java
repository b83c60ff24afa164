package org.netreeve.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.decision.Vote;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.engine.facts.Verdict;

class DecisionCacheTest {

  private static CachedDecision entry() {
    Vote v = new Vote("p", "r", Tier.DEFAULT, 0, Verdict.ACCEPT, "why", null);
    return new CachedDecision(new Decision(Stage.LINK, Stage.LINK, Verdict.PERMANENT_ACCEPT, v, List.of(v), null, 5,
        false), IntelFacts.NONE, EndpointFacts.NO_MATCH);
  }

  @Test
  void keysCompareByContent() {
    assertEquals(new DecisionKey("a", 1, null), new DecisionKey("a", 1, null));
    assertEquals(new DecisionKey("a", 1, null).hashCode(), new DecisionKey("a", 1, null).hashCode());
    assertNotEquals(new DecisionKey("a", 1), new DecisionKey("a", 2));
    assertNotEquals(new DecisionKey("a", 1), new DecisionKey("a", 1, 3));
  }

  @Test
  void countsHitsAndClearsWhenFull() {
    DecisionCache c = new DecisionCache(2);
    CachedDecision e = entry();
    assertNull(c.get(new DecisionKey(1)));
    c.put(new DecisionKey(1), e);
    assertSame(e, c.get(new DecisionKey(1)));
    c.put(new DecisionKey(2), e);
    c.put(new DecisionKey(3), e);
    assertEquals(1, c.size());
    assertEquals(1, c.clears());
    assertEquals(1, c.hits());
    assertEquals(1, c.misses());
  }
}
