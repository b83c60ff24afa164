package org.netreeve.intel.endpoints;

/** The outcome of matching a target against an endpoint list. */
public enum EndpointDecision {
  /** A {@code +} rule matched first. */
  PERMIT("permit"),
  /** A {@code -} rule matched first. */
  DENY("deny"),
  /** No rule matched; the next list (or the next stage of the policy) decides. */
  NO_MATCH("no-match"),
  /**
   * The first rule whose entity matched also names a protocol or port the target does not know yet
   * (a DNS query knows the domain but not the connection), so the list cannot decide now. Ask again
   * when the connection is known; do not treat it as a match.
   */
  UNDETERMINED("undetermined");

  private final String word;

  EndpointDecision(String word) {
    this.word = word;
  }

  /** The word printed by {@code netreeve endpoints check}. */
  public String word() {
    return word;
  }
}
