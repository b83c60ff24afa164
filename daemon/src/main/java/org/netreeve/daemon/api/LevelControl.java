package org.netreeve.daemon.api;

import org.netreeve.profiles.model.SecurityLevel;

/** The security level as the API shows and sets it. */
public interface LevelControl {
  SecurityLevel current();

  /** Why the level is what it is ("set by the user", "unknown network ..."). */
  String reason();

  void set(SecurityLevel level, String why);
}
