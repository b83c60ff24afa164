package org.netreeve.intel.endpoints;

import java.util.Objects;

/**
 * The result of matching a target against an endpoint list: the decision and the rule that made it
 * (null for {@link EndpointDecision#NO_MATCH}), so an audit record can quote the rule's text, file
 * and line.
 *
 * @param decision what the list decided
 * @param rule     the deciding rule, or null when none matched
 */
public record EndpointResult(EndpointDecision decision, EndpointRule rule) {

  /** The shared result of a list where nothing matched. */
  public static final EndpointResult NO_MATCH = new EndpointResult(EndpointDecision.NO_MATCH, null);

  public EndpointResult {
    Objects.requireNonNull(decision, "decision");
    if ((rule == null) != (decision == EndpointDecision.NO_MATCH)) {
      throw new IllegalArgumentException("a rule is given exactly when something matched");
    }
  }

  /** True for PERMIT and DENY: the list has decided. */
  public boolean isFinal() {
    return decision == EndpointDecision.PERMIT || decision == EndpointDecision.DENY;
  }

  /** "permit", "deny", "no-match" or "undetermined". */
  public String word() {
    return decision.word();
  }
}
