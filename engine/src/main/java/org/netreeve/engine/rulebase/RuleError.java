package org.netreeve.engine.rulebase;

/**
 * An error in a rule file, located as precisely as Drools tells.
 *
 * @param file    the file
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param message what is wrong
 */
public record RuleError(String file, int line, int column, String message) {

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(message).toString();
  }
}
