package org.netreeve.profiles.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A profile directory that did not load; the message lists every error, one per line. */
public final class ProfileLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ProfileError> errors;

  public ProfileLoadException(List<ProfileError> errors) {
    super(errors.stream().map(ProfileError::format).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ProfileError> errors() {
    return errors;
  }
}
