package org.netreeve.engine.decision;

import java.util.ArrayList;
import java.util.List;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.net.Verdict;

/**
 * Turns the votes of one decision into its verdict.
 *
 * <p>The strongest vote wins: the highest tier, then the highest priority, then the most
 * restrictive verdict; among equals, the one that fired first. At the packet stages an accept,
 * block or drop becomes permanent (the kernel handles the rest of the connection) unless a rule
 * asked for inspection, in which case it stays per packet.
 */
public final class VerdictResolver {

  /** The rule name of the engine's own fallback when no rule voted. */
  public static final String FALLBACK_RULE = "(no rule matched)";

  private final boolean permanentVerdicts;

  /** @param permanentVerdicts whether packet-stage verdicts are made permanent when possible */
  public VerdictResolver(boolean permanentVerdicts) {
    this.permanentVerdicts = permanentVerdicts;
  }

  /**
   * Resolves {@code votes}.
   *
   * @param stage      the stage being decided
   * @param votes      the votes in firing order
   * @param inspection the inspection requested by a rule, or null
   * @param fallback   the verdict when nobody voted
   */
  public Decision resolve(Stage stage, List<Vote> votes, String inspection, Verdict fallback) {
    List<Vote> ordered = new ArrayList<>(votes);
    // Stable sort, strongest first: equals keep their firing order.
    ordered.sort((a, b) -> b.compareStrength(a));
    Vote winner;
    if (ordered.isEmpty()) {
      winner = new Vote("", FALLBACK_RULE, Tier.DEFAULT, 0, fallback,
          "no rule had a say; the engine's fallback applies", null);
      ordered.add(winner);
    } else {
      winner = ordered.get(0);
    }
    Verdict verdict = winner.verdict();
    String keep = inspection;
    if (stage.isPacket()) {
      if (keep != null && verdict.allows() && !verdict.isPermanent()) {
        verdict = verdict.transientEdition();
      } else if (keep != null && verdict.isPermanent()) {
        // A rule decided for good (e.g. the TLS check passed): inspection is over.
        keep = null;
      } else if (keep != null) {
        // Blocked or dropped: nothing left to inspect.
        keep = null;
        verdict = permanentVerdicts ? verdict.permanent() : verdict;
      } else if (permanentVerdicts) {
        verdict = verdict.permanent();
      }
    } else {
      keep = null;
    }
    // On the first packet, the record says which level decided (communication or link); at the
    // DNS stages and at stage packet it is the stage that was decided.
    Stage decidedAt = stage.isPacket() && stage != Stage.PACKET && winner.stage() != null
        && winner.stage().isPacket() && winner.stage().ordinal() <= stage.ordinal() ? winner.stage() : stage;
    return new Decision(stage, decidedAt, verdict, winner, ordered, keep, 0L, false);
  }
}
