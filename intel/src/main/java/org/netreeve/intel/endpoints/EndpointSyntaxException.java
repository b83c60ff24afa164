package org.netreeve.intel.endpoints;

/**
 * A rule (or port, protocol, domain pattern, address) that does not follow the endpoint syntax.
 *
 * <p>{@link #column()} is 1-based within the text that was parsed, so a caller that knows where that
 * text sits in a file (a YAML scalar, a line of a list file) can point at the exact character. The
 * message reads {@code column 3: expected ...}, or {@code file:line:column: expected ...} once a
 * location is attached with {@link #at}.
 */
public final class EndpointSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String detail;

  /**
   * @param column 1-based column within the parsed text
   * @param detail what was expected and what was found, without the location
   */
  public EndpointSyntaxException(int column, String detail) {
    this(null, 0, column, detail);
  }

  private EndpointSyntaxException(String file, int line, int column, String detail) {
    super(format(file, line, column, detail));
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  private static String format(String file, int line, int column, String detail) {
    if (file == null && line <= 0) {
      return "column " + column + ": " + detail;
    }
    StringBuilder b = new StringBuilder();
    b.append(file == null ? "<rule>" : file);
    if (line > 0) {
      b.append(':').append(line);
    }
    return b.append(':').append(column).append(": ").append(detail).toString();
  }

  /** The same error placed in a file at a line; the column stays relative to that line's text. */
  public EndpointSyntaxException at(String file, int line) {
    return new EndpointSyntaxException(file, line, column, detail);
  }

  /** The same error with its column moved right by {@code offset} characters. */
  public EndpointSyntaxException shifted(int offset) {
    return new EndpointSyntaxException(file, line, column + offset, detail);
  }

  /** The file, or null when the rule came from no file. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column. */
  public int column() {
    return column;
  }

  /** The message without its location. */
  public String detail() {
    return detail;
  }
}
