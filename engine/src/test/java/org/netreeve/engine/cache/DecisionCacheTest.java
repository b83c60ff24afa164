package org.netreeve.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.decision.Vote;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.net.Verdict;

class DecisionCacheTest {

  private static CachedDecision entry() {
    Vote v = new Vote("p", "r", Tier.DEFAULT, 0, Verdict.ACCEPT, "why", null);
    return new CachedDecision(new Decision(Stage.LINK, Stage.LINK, Verdict.PERMANENT_ACCEPT, v, List.of(v), null, 5,
        false), new CachedDecision.Refs(null, java.util.List.of()));
  }

  private static DecisionKey key(int port, String domain, int uid) {
    return new DecisionKey(Stage.LINK, null, 6, "93.184.216.34", port, 0, domain, java.util.List.of(), true, null,
        null, "curl", "exact", uid, "/usr/bin/curl", null, 0, null, false, null);
  }

  @Test
  void keysCompareByContent() {
    assertEquals(key(443, "example.com", 1000), key(443, "example.com", 1000));
    assertEquals(key(443, "example.com", 1000).hashCode(), key(443, new String("example.com"), 1000).hashCode());
    assertEquals(key(443, "example.com", 1000), key(443, new String("example.com"), 1000));
    assertNotEquals(key(443, "example.com", 1000), key(80, "example.com", 1000));
    assertNotEquals(key(443, "example.com", 1000), key(443, "example.org", 1000));
    assertNotEquals(key(443, "example.com", 1000), key(443, "example.com", 0));
  }

  @Test
  void countsHitsAndClearsWhenFull() {
    DecisionCache c = new DecisionCache(2);
    CachedDecision e = entry();
    assertNull(c.get(key(1, null, 0)));
    c.put(key(1, null, 0), e);
    assertSame(e, c.get(key(1, null, 0)));
    c.put(key(2, null, 0), e);
    c.put(key(3, null, 0), e);
    assertEquals(1, c.size());
    assertEquals(1, c.clears());
    assertEquals(1, c.hits());
    assertEquals(1, c.misses());
  }
}
