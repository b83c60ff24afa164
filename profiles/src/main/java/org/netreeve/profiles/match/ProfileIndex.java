package org.netreeve.profiles.match;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.Framework;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.model.Special;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the profile of a process. Built once per profile set; immutable and thread-safe.
 *
 * <p>Order (docs/profiles.md, "Matching order"):
 * <ol>
 *   <li>the kernel (pid 0) → the kernel special profile;</li>
 *   <li>an unknown process or one without executable path → the unidentified special profile;</li>
 *   <li>Netreeve's own pid → the self special profile;</li>
 *   <li>the executable's exact path (a hash lookup), else the longest folder of a default profile
 *       containing it (one hash lookup per folder level of the path);</li>
 *   <li>when that profile is a framework: rewrite the path from the command line (find/build) or
 *       take the ancestor N levels up, and match again (up to {@value #MAX_FRAMEWORK_DEPTH}
 *       framework steps); when that finds nothing, or the built path does not exist (unless
 *       virtual), the framework profile itself applies;</li>
 *   <li>nothing → the built-in "unprofiled" profile.</li>
 * </ol>
 * The system resolver's profile is found by its paths and reported as SPECIAL.
 */
public final class ProfileIndex {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileIndex.class);

  /**
   * Character reads a framework regex may make on one command line (a few milliseconds), so that
   * a pattern with catastrophic backtracking cannot stall the connection path.
   */
  static final int REGEX_BUDGET = 2_000_000;

  /** Framework steps followed before the last framework profile is used as it is. */
  public static final int MAX_FRAMEWORK_DEPTH = 4;

  private final ProfileSet profiles;
  private final MatchOptions options;
  private final Map<String, Profile> exact;
  private final Map<String, Profile> folders;
  private final FolderTable folderTable;
  private final boolean noFolders;
  private final Map<String, String> exactWritten;
  private final Map<String, String> folderWritten;

  private ProfileIndex(ProfileSet profiles, MatchOptions options) {
    this.profiles = profiles;
    this.options = options;
    Map<String, Profile> ex = new HashMap<>();
    Map<String, Profile> fo = new HashMap<>();
    Map<String, String> exW = new HashMap<>();
    Map<String, String> foW = new HashMap<>();
    // Loaded profiles first, so that they win over built-in resolver paths they also claim.
    for (Profile p : profiles.profiles()) {
      add(p, ex, fo, exW, foW, false);
    }
    Profile resolver = profiles.special(Special.RESOLVER);
    if (resolver.isBuiltIn()) {
      add(resolver, ex, fo, exW, foW, false);
    }
    // Canonical forms last: a path somebody wrote explicitly beats one reached through a symlink.
    for (Profile p : profiles.profiles()) {
      add(p, ex, fo, exW, foW, true);
    }
    if (resolver.isBuiltIn()) {
      add(resolver, ex, fo, exW, foW, true);
    }
    this.exact = ex;
    this.folders = fo;
    this.folderTable = new FolderTable(fo);
    this.noFolders = fo.isEmpty();
    this.exactWritten = exW;
    this.folderWritten = foW;
  }

  private void add(Profile p, Map<String, Profile> ex, Map<String, Profile> fo, Map<String, String> exW,
      Map<String, String> foW, boolean canonical) {
    for (String written : p.paths()) {
      String path = p.defaultProfile() ? folder(written) : written;
      if (canonical) {
        String real = options.realPath().apply(path);
        if (real == null || real.equals(path)) {
          continue;
        }
        path = p.defaultProfile() ? folder(real) : real;
      }
      Map<String, Profile> target = p.defaultProfile() ? fo : ex;
      Profile other = target.putIfAbsent(path, p);
      if (other == null) {
        (p.defaultProfile() ? foW : exW).put(path, written);
      } else if (other != p) {
        LOG.debug("path {} of profile {} is already matched by profile {}", path, p.id(), other.id());
      }
    }
  }

  private static String folder(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** An index over the set. */
  public static ProfileIndex build(ProfileSet profiles, MatchOptions options) {
    return new ProfileIndex(Objects.requireNonNull(profiles, "profiles"),
        Objects.requireNonNull(options, "options"));
  }

  /** The set this index was built from. */
  public ProfileSet profiles() {
    return profiles;
  }

  /** Finds the profile for a process; never null, never throws for any process description. */
  public ProfileMatch resolve(ProcessInfo process) {
    Objects.requireNonNull(process, "process");
    if (options.isKernel().test(process)) {
      return special(Special.KERNEL, process);
    }
    if (process.isUnknown() || process.exe().isEmpty()) {
      return special(Special.UNIDENTIFIED, process);
    }
    if (process.pid() == options.selfPid()) {
      return special(Special.SELF, process);
    }
    Step s = match(process, process.parents(), 0);
    if (s == null) {
      return new ProfileMatch(profiles.unprofiled(), MatchKind.NONE, null, process, process, null);
    }
    return new ProfileMatch(s.profile, s.kind, s.matchedPath, process,
        s.attributed != null ? s.attributed : process, s.framework);
  }

  private ProfileMatch special(Special s, ProcessInfo p) {
    return new ProfileMatch(profiles.special(s), MatchKind.SPECIAL, null, p, p, null);
  }

  /**
   * One matching step's outcome; {@code attributed} is the ancestor the connection merges into, or
   * null when it stays with the original process.
   */
  private record Step(Profile profile, MatchKind kind, String matchedPath, ProcessInfo attributed,
      Profile framework) {}

  /**
   * Matches {@code subject}'s executable, or null when no profile does. {@code above} are the
   * subject's ancestors, nearest first (ancestors carried in a ProcessInfo have no parents of their
   * own, so the original chain is passed along).
   */
  private Step match(ProcessInfo subject, List<ProcessInfo> above, int depth) {
    String exe = subject.exe();
    Profile p = exact.get(exe);
    MatchKind kind = MatchKind.EXACT;
    String matched = exe;
    if (p == null) {
      matched = longestFolder(exe);
      p = matched == null ? null : folderTable.get(matched);
      kind = MatchKind.DEFAULT_PREFIX;
    }
    if (p == null) {
      return null;
    }
    if (p.special() == Special.RESOLVER) {
      kind = MatchKind.SPECIAL;
    }
    if (p.framework() != null && depth < MAX_FRAMEWORK_DEPTH) {
      return applyFramework(p, matched, subject, above, depth);
    }
    return new Step(p, kind, matched, null, null);
  }

  private Step applyFramework(Profile fw, String matched, ProcessInfo subject,
      List<ProcessInfo> above, int depth) {
    Framework f = fw.framework();
    if (f.rewritesCommandLine()) {
      String built = rewrite(f, subject.cmdline());
      if (built != null) {
        Step inner = match(withExe(subject, built), above, depth + 1);
        if (inner != null) {
          return new Step(inner.profile, MatchKind.FRAMEWORK_REWRITE, inner.matchedPath,
              inner.attributed, fw);
        }
      }
    } else {
      int level = f.findParentLevel();
      ProcessInfo ancestor = level <= above.size() ? above.get(level - 1) : null;
      if (ancestor != null && !ancestor.exe().isEmpty()) {
        Step inner = match(ancestor, above.subList(level, above.size()), depth + 1);
        if (inner != null) {
          ProcessInfo attributed = !f.mergeWithParent() ? null
              : inner.attributed != null ? inner.attributed : ancestor;
          return new Step(inner.profile, MatchKind.FRAMEWORK_PARENT, inner.matchedPath, attributed, fw);
        }
      }
    }
    return new Step(fw, MatchKind.FRAMEWORK_FALLBACK, matched, null, fw);
  }

  /** The path a rewrite framework builds from a command line, or null. */
  private String rewrite(Framework f, String cmdline) {
    Matcher m = f.find().matcher(new BoundedText(cmdline, REGEX_BUDGET));
    try {
      if (!m.find()) {
        return null;
      }
    } catch (BoundedText.BudgetExceeded e) {
      LOG.warn("framework regex {} gave up on a command line of {} characters; using the framework "
          + "profile itself", f.find().pattern(), cmdline.length());
      return null;
    }
    String built = f.build().expand(m);
    if (built == null || !built.startsWith("/")) {
      return null;
    }
    if (!f.virtual() && !options.fileExists().test(built)) {
      return null;
    }
    return built;
  }

  private static ProcessInfo withExe(ProcessInfo p, String exe) {
    return new ProcessInfo(p.pid(), p.ppid(), p.startTime(), exe, p.cmdline(), p.args(), p.uid(),
        p.user(), p.parents(), p.cgroup(), p.container());
  }

  /** The longest folder of a default profile that contains {@code path}, or null. */
  private String longestFolder(String path) {
    return noFolders ? null : folderTable.longest(path);
  }

  /** The profile claiming exactly this path, or null. */
  public Profile exactProfile(String path) {
    return exact.get(path);
  }

  /** The default profile of the longest folder containing this path, or null. */
  public Profile defaultProfileFor(String path) {
    String f = longestFolder(path);
    return f == null ? null : folders.get(f);
  }

  /** The path as the profile wrote it for an indexed (possibly canonical) exact path, or null. */
  public String writtenPath(String indexedPath) {
    String w = exactWritten.get(indexedPath);
    return w != null ? w : folderWritten.get(indexedPath);
  }

  /** How many exact paths and folders are indexed (written and canonical forms). */
  public int size() {
    return exact.size() + folders.size();
  }
}
