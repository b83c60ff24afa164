package org.netreeve.intel.endpoints;

/**
 * One rule against one target, for {@code netreeve endpoints check}.
 *
 * <p>The answer is one word: {@code permit}, {@code deny} or {@code no-match}. A rule whose entity
 * matches but whose protocol or port cannot be checked because the target leaves them out is
 * reported as {@code no-match}: the described connection does not satisfy the rule as written.
 * The library result ({@link #evaluate}) tells that case apart as
 * {@link EndpointDecision#UNDETERMINED}.
 */
public final class EndpointCheck {

  private EndpointCheck() {}

  /**
   * Checks a rule against a target.
   *
   * @return "permit", "deny" or "no-match"
   * @throws EndpointSyntaxException when the rule is invalid (the message names the column)
   */
  public static String check(String rule, EndpointTarget target) {
    return word(evaluate(rule, target));
  }

  /**
   * Checks a rule against a target and returns the full result.
   *
   * @throws EndpointSyntaxException when the rule is invalid
   */
  public static EndpointResult evaluate(String rule, EndpointTarget target) {
    return EndpointRuleParser.parse(rule).match(target);
  }

  /** The CLI word for a result: UNDETERMINED is printed as "no-match". */
  public static String word(EndpointResult result) {
    return result.decision() == EndpointDecision.UNDETERMINED
        ? EndpointDecision.NO_MATCH.word() : result.word();
  }
}
