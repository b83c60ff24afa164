package org.netreeve.profiles.yaml;

/** A problem found in a profile file, formatted like a compiler message. */
public sealed interface ProfileDiagnostic permits ProfileError, ProfileWarning {

  /** The file as given to the loader (directory joined with the relative path). */
  String file();

  /** 1-based line, 0 when the whole file is meant. */
  int line();

  /** 1-based column, 0 when unknown. */
  int column();

  /** What is wrong and what was expected. */
  String message();

  /** "file:line:column: message" (warnings add "warning: " before the message). */
  String format();

  /** The location part of {@link #format()}. */
  static String location(String file, int line, int column) {
    if (line <= 0) {
      return file;
    }
    return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
