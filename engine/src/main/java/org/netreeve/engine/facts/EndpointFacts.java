package org.netreeve.engine.facts;

/**
 * The result of the endpoint lists for this connection: the profile's list first, then the global
 * one; the first matching rule wins.
 *
 * @param result    PERMIT, DENY, NO_MATCH, or UNDECIDED (at the DNS stages, when a rule that needs
 *                  the address or port might match later)
 * @param list      which list matched: "profile" or "global", or null
 * @param rule      the matching rule's text, or null
 * @param file      the file the rule is in, or null
 * @param line      the rule's line in that file, 0 when unknown
 */
public record EndpointFacts(Result result, String list, String rule, String file, int line) {

  /** The outcome of the endpoint lists. */
  public enum Result { PERMIT, DENY, NO_MATCH, UNDECIDED }

  public static final EndpointFacts NO_MATCH = new EndpointFacts(Result.NO_MATCH, null, null, null, 0);

  public boolean permits() {
    return result == Result.PERMIT;
  }

  public boolean denies() {
    return result == Result.DENY;
  }

  /** "rule '- *' (profiles/curl.yaml:12)" for reasons in audit records. */
  public String describe() {
    return "endpoint rule '" + rule + "' (" + (file == null ? list : file + ":" + line) + ")";
  }
}
