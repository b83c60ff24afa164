package org.netreeve.engine.decision;

import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.net.Verdict;

/**
 * One rule's say on a connection. Rules do not set the verdict: they vote, and the
 * {@link VerdictResolver} picks the winner by tier, priority and restrictiveness, so the outcome
 * never depends on rule firing order and every audit record can list all rules that had a say.
 *
 * @param rulePackage the DRL package of the rule
 * @param rule        the rule's name
 * @param tier        the precedence tier
 * @param priority    order within a tier (higher first); 0 unless the rule says otherwise
 * @param verdict     the verdict the rule asks for
 * @param reason      a sentence for humans ("curl lacks the Internet flag")
 * @param stage       the stage the rule belongs to (from its {@code @stage} metadata), or null for
 *                    "the stage being decided"
 */
public record Vote(String rulePackage, String rule, Tier tier, int priority, Verdict verdict, String reason,
    Stage stage) {

  /** Orders votes by strength: tier, then priority, then restrictiveness. */
  public int compareStrength(Vote other) {
    int c = Integer.compare(tier.rank(), other.tier.rank());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(priority, other.priority);
    if (c != 0) {
      return c;
    }
    return Integer.compare(verdict.restrictiveness(), other.verdict.restrictiveness());
  }
}
