package org.netreeve.profiles.yaml;

import java.util.List;
import org.netreeve.profiles.model.ProfileSet;

/**
 * The outcome of loading a profile directory: the profiles, or every error; warnings either way.
 *
 * @param profiles the loaded set, or null when there were errors
 * @param errors   every error, sorted by file, line and column
 * @param warnings every warning, sorted likewise
 * @param files    how many profile files were read
 */
public record LoadResult(ProfileSet profiles, List<ProfileError> errors,
    List<ProfileWarning> warnings, int files) {

  public LoadResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if ((profiles == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("a result has profiles exactly when it has no errors");
    }
  }

  /** True when the directory loaded. */
  public boolean ok() {
    return errors.isEmpty();
  }

  /**
   * The profiles.
   *
   * @throws ProfileLoadException listing every error when the directory did not load
   */
  public ProfileSet orThrow() {
    if (!ok()) {
      throw new ProfileLoadException(errors);
    }
    return profiles;
  }

  /**
   * The report printed by {@code netreeve profiles validate}: one line per error and warning, then
   * a summary line such as "14 files, 0 errors, 1 warning".
   */
  public String report() {
    StringBuilder b = new StringBuilder();
    for (ProfileError e : errors) {
      b.append(e.format()).append('\n');
    }
    for (ProfileWarning w : warnings) {
      b.append(w.format()).append('\n');
    }
    b.append(files).append(files == 1 ? " file, " : " files, ")
        .append(errors.size()).append(errors.size() == 1 ? " error, " : " errors, ")
        .append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings")
        .append('\n');
    return b.toString();
  }
}
