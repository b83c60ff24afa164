package org.netreeve.profiles.yaml;

import java.util.Objects;

/**
 * Something legal but probably not meant, e.g. listen-ports without the Service flag. Warnings
 * never keep a directory from loading.
 *
 * @param file    the file as given to the loader
 * @param line    1-based line, 0 when the whole file is meant
 * @param column  1-based column, 0 when unknown
 * @param message what looks wrong
 */
public record ProfileWarning(String file, int line, int column, String message)
    implements ProfileDiagnostic {

  public ProfileWarning {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: warning: message}. */
  @Override
  public String format() {
    return ProfileDiagnostic.location(file, line, column) + ": warning: " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
