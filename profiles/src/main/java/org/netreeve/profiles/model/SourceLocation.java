package org.netreeve.profiles.model;

import java.util.Objects;

/**
 * A place in a profile file, for errors and audit records.
 *
 * @param file   the file as given to the loader (directory joined with the relative path)
 * @param line   1-based line, 0 when the whole file is meant
 * @param column 1-based column, 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  /** "file:line:column", "file:line" or "file", as far as known. */
  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
