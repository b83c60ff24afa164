package org.netreeve.profiles.match;

/** How a process was matched to its profile. */
public enum MatchKind {
  /** The executable's path is one of the profile's paths. */
  EXACT,
  /** The executable lies in a folder of a default profile (the longest such folder wins). */
  DEFAULT_PREFIX,
  /** A framework profile built a new path from the command line, and that path matched. */
  FRAMEWORK_REWRITE,
  /** A framework profile went up the parent chain, and the ancestor's executable matched. */
  FRAMEWORK_PARENT,
  /** A framework profile matched but its rewrite found nothing better; the framework profile applies. */
  FRAMEWORK_FALLBACK,
  /** A special profile: unidentified, kernel, resolver or Netreeve itself. */
  SPECIAL,
  /** No profile matched an identified process; the built-in "unprofiled" profile applies. */
  NONE
}
