package org.netreeve.intel.endpoints;

/** What a rule does when it matches: {@code +} permits, {@code -} denies. */
public enum EndpointAction {
  PERMIT('+'),
  DENY('-');

  private final char symbol;

  EndpointAction(char symbol) {
    this.symbol = symbol;
  }

  /** The character that starts a rule with this action. */
  public char symbol() {
    return symbol;
  }
}
