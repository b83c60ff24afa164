package org.netreeve.profiles.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What makes a profile a framework profile: a way to find the real application behind the matched
 * executable. Either down the process (find a path in the command line and build a new path from
 * it, e.g. the script an interpreter runs) or up the process tree (the parent N levels up).
 *
 * @param find             regex applied (searching, not anchored) to the command line, or null
 * @param build            template for the new path from {@code find}'s groups, or null
 * @param virtual          do not check that the built path exists
 * @param findParentLevel  how many levels to go up the parent chain (0 = not a parent framework)
 * @param mergeWithParent  attribute the connection to the matched parent process
 */
public record Framework(Pattern find, BuildTemplate build, boolean virtual, int findParentLevel,
    boolean mergeWithParent) {

  /** The deepest parent level a profile may ask for. */
  public static final int MAX_PARENT_LEVEL = 16;

  public Framework {
    if ((find == null) != (build == null)) {
      throw new IllegalArgumentException("find and build go together");
    }
    if (find == null && findParentLevel == 0) {
      throw new IllegalArgumentException("a framework needs find/build or find-parent-level");
    }
    if (find != null && findParentLevel != 0) {
      throw new IllegalArgumentException("a framework rewrites the command line or goes to a parent, not both");
    }
    if (findParentLevel < 0 || findParentLevel > MAX_PARENT_LEVEL) {
      throw new IllegalArgumentException("find-parent-level " + findParentLevel);
    }
    if (mergeWithParent && findParentLevel == 0) {
      throw new IllegalArgumentException("merge-with-parent needs find-parent-level");
    }
    if (virtual && find == null) {
      throw new IllegalArgumentException("virtual needs find/build");
    }
    if (build != null) {
      build.checkAgainst(Objects.requireNonNull(find));
    }
  }

  /** A command-line rewrite framework. */
  public static Framework rewrite(Pattern find, BuildTemplate build, boolean virtual) {
    return new Framework(find, build, virtual, 0, false);
  }

  /** A parent framework. */
  public static Framework parent(int level, boolean mergeWithParent) {
    return new Framework(null, null, false, level, mergeWithParent);
  }

  /** Whether this framework rewrites the command line. */
  public boolean rewritesCommandLine() {
    return find != null;
  }

  /** Whether this framework goes up the parent chain. */
  public boolean goesToParent() {
    return findParentLevel > 0;
  }
}
