package org.netreeve.engine.decision;

import java.util.List;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.Verdict;

/**
 * The outcome of one decision.
 *
 * @param requestedStage the stage that was asked for
 * @param stage          the stage of the deciding rule (communication for domain-level rules
 *                       decided on the first packet, for example)
 * @param verdict        the verdict, after permanence was applied
 * @param winner         the deciding vote (never null: when no rule voted, a synthetic vote of
 *                       the engine's fallback)
 * @param votes          all votes, strongest first, including the winner
 * @param inspection     what inspection keeps the connection in user space, or null
 * @param decisionNanos  time spent deciding
 * @param cached         true when the verdict came from the decision cache
 */
public record Decision(
    Stage requestedStage,
    Stage stage,
    Verdict verdict,
    Vote winner,
    List<Vote> votes,
    String inspection,
    long decisionNanos,
    boolean cached) {

  public Decision {
    votes = List.copyOf(votes);
  }

  public String reason() {
    return winner.reason();
  }

  /** The same decision, served from the cache, with the time it took to serve it. */
  public Decision fromCache(long nanos) {
    return new Decision(requestedStage, stage, verdict, winner, votes, inspection, nanos, true);
  }

  /** The same decision with its measured time. */
  public Decision withNanos(long nanos) {
    return new Decision(requestedStage, stage, verdict, winner, votes, inspection, nanos, cached);
  }
}
