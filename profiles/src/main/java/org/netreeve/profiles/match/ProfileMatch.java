package org.netreeve.profiles.match;

import java.util.Objects;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.Profile;

/**
 * The profile a process matched, and how.
 *
 * @param profile      the profile that applies (never null; built-in profiles stand in when nothing
 *                     matched)
 * @param kind         how it matched
 * @param matchedPath  the profile path that matched: the exact path, the folder of a default profile,
 *                     or the path a framework built; null for special profiles other than the
 *                     resolver, and for NONE
 * @param process      the process that owns the connection
 * @param attributedTo the process the connection counts for: the matched ancestor when the framework
 *                     merges with its parent, else {@code process}
 * @param framework    the framework profile that rewrote the match (for FRAMEWORK_* kinds), or null
 */
public record ProfileMatch(Profile profile, MatchKind kind, String matchedPath, ProcessInfo process,
    ProcessInfo attributedTo, Profile framework) {

  public ProfileMatch {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(attributedTo, "attributedTo");
  }

  /** A short explanation for audit records, e.g. "exact path /usr/bin/curl". */
  public String describe() {
    switch (kind) {
      case EXACT:
        return "exact path " + matchedPath;
      case DEFAULT_PREFIX:
        return "default profile for folder " + matchedPath;
      case FRAMEWORK_REWRITE:
        return "framework " + framework.id() + " rewrote the command line to " + matchedPath;
      case FRAMEWORK_PARENT:
        return "framework " + framework.id() + " matched ancestor " + matchedPath
            + (attributedTo != process ? " (merged with it)" : "");
      case FRAMEWORK_FALLBACK:
        return "framework " + framework.id() + " found nothing better";
      case SPECIAL:
        return "special profile " + profile.special().yamlName();
      case NONE:
        return "no profile matched " + process.exe();
      default:
        throw new AssertionError(kind);
    }
  }
}
