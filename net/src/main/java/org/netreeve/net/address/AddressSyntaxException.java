package org.netreeve.net.address;

/**
 * Text that is not an IP address literal, with the column (1-based, relative to the text that was
 * parsed) where it goes wrong, so that callers can point into the line of their own file.
 */
public final class AddressSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int column;
  private final String problem;

  public AddressSyntaxException(int column, String problem) {
    super("column " + column + ": " + problem);
    this.column = column;
    this.problem = problem;
  }

  /** The 1-based column of the problem within the parsed text. */
  public int column() {
    return column;
  }

  /** What is wrong, without the column. */
  public String problem() {
    return problem;
  }
}
