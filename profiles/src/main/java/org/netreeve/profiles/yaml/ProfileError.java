package org.netreeve.profiles.yaml;

import java.util.Objects;

/**
 * An error that keeps a profile directory from loading.
 *
 * @param file    the file as given to the loader
 * @param line    1-based line, 0 when the whole file is meant
 * @param column  1-based column, 0 when unknown
 * @param message what is wrong and what was expected
 */
public record ProfileError(String file, int line, int column, String message)
    implements ProfileDiagnostic {

  public ProfileError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: message}. */
  @Override
  public String format() {
    return ProfileDiagnostic.location(file, line, column) + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
