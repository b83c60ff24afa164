package org.netreeve.profiles.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netreeve.profiles.match.Processes.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.BuildTemplate;
import org.netreeve.profiles.model.Framework;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.model.Special;

class ProfileIndexTest {

  private static Profile exact(String id, String... paths) {
    return Profile.builder(id, id).paths(paths).file(id + ".yaml").build();
  }

  private static Profile folder(String id, String... paths) {
    return Profile.builder(id, id).paths(paths).defaultProfile(true).file(id + ".yaml").build();
  }

  private static Profile python() {
    return Profile.builder("python", "Python").paths("/usr/bin/python3.11").file("python.yaml")
        .framework(Framework.rewrite(Pattern.compile("(?:^|\\s)\\S*python[0-9.]*\\s+(?:-\\S+\\s+)*(/\\S+\\.py)"),
            BuildTemplate.parse("$1"), false))
        .build();
  }

  private static ProfileIndex index(MatchOptions options, Profile... profiles) {
    return ProfileIndex.build(ProfileSet.of(List.of(profiles)), options);
  }

  private static ProfileIndex index(Profile... profiles) {
    return index(MatchOptions.offline(), profiles);
  }

  @Test
  void exactPathMatches() {
    Profile curl = exact("curl", "/usr/bin/curl");
    ProfileMatch m = index(curl).resolve(process(10, "/usr/bin/curl"));
    assertSame(curl, m.profile());
    assertEquals(MatchKind.EXACT, m.kind());
    assertEquals("/usr/bin/curl", m.matchedPath());
    assertEquals("exact path /usr/bin/curl", m.describe());
  }

  @Test
  void exactPathBeatsDefaultProfile() {
    Profile curl = exact("curl", "/usr/bin/curl");
    Profile usrBin = folder("usr-bin", "/usr/bin");
    ProfileIndex idx = index(usrBin, curl);
    assertSame(curl, idx.resolve(process(10, "/usr/bin/curl")).profile());
    ProfileMatch wget = idx.resolve(process(11, "/usr/bin/wget"));
    assertSame(usrBin, wget.profile());
    assertEquals(MatchKind.DEFAULT_PREFIX, wget.kind());
    assertEquals("/usr/bin", wget.matchedPath());
  }

  @Test
  void longestDefaultFolderWins() {
    Profile opt = folder("opt", "/opt");
    Profile vendor = folder("vendor", "/opt/vendor/");
    Profile root = folder("everything", "/");
    ProfileIndex idx = index(opt, vendor, root);
    assertSame(vendor, idx.resolve(process(1, "/opt/vendor/app/bin/run")).profile());
    assertSame(opt, idx.resolve(process(2, "/opt/other/run")).profile());
    assertSame(root, idx.resolve(process(3, "/home/alice/bin/tool")).profile());
    assertEquals("/", idx.resolve(process(3, "/home/alice/bin/tool")).matchedPath());
    assertSame(opt, idx.resolve(process(4, "/opt/vendorX/run")).profile(), "folders match whole path parts");
  }

  @Test
  void noMatchGivesTheUnprofiledProfile() {
    ProfileIndex idx = index(exact("curl", "/usr/bin/curl"));
    ProfileMatch m = idx.resolve(process(5, "/usr/bin/wget"));
    assertEquals(MatchKind.NONE, m.kind());
    assertEquals("builtin/unprofiled", m.profile().id());
    assertNull(m.matchedPath());
    assertTrue(m.profile().flags().isEmpty());
  }

  @Test
  void pythonScriptMatchesItsOwnProfile() {
    Profile script = exact("backup", "/home/alice/bin/backup.py");
    Profile py = python();
    ProfileMatch m = index(py, script).resolve(
        process(20, "/usr/bin/python3.11", "python3 -u /home/alice/bin/backup.py --full"));
    assertSame(script, m.profile());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
    assertEquals("/home/alice/bin/backup.py", m.matchedPath());
    assertSame(py, m.framework());
    assertSame(m.process(), m.attributedTo());
  }

  @Test
  void rewrittenPathMayMatchADefaultProfile() {
    Profile scripts = folder("scripts", "/opt/scripts");
    ProfileMatch m = index(python(), scripts).resolve(
        process(20, "/usr/bin/python3.11", "python3 /opt/scripts/sync.py"));
    assertSame(scripts, m.profile());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
    assertEquals("/opt/scripts", m.matchedPath());
  }

  @Test
  void frameworkFallsBackWhenTheRewrittenPathHasNoProfile() {
    Profile py = python();
    ProfileMatch m = index(py).resolve(process(21, "/usr/bin/python3.11", "python3 /tmp/other.py"));
    assertSame(py, m.profile());
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
    assertEquals("/usr/bin/python3.11", m.matchedPath());
  }

  @Test
  void frameworkFallsBackWhenFindDoesNotMatch() {
    Profile py = python();
    ProfileMatch m = index(py, exact("x", "/x.py")).resolve(process(22, "/usr/bin/python3.11", "python3"));
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
    assertSame(py, m.profile());
  }

  @Test
  void frameworkFallsBackWhenTheBuiltPathDoesNotExist() {
    Profile script = exact("backup", "/home/alice/bin/backup.py");
    Profile py = python();
    List<String> checked = new ArrayList<>();
    MatchOptions nothingExists = MatchOptions.offline().withFileExists(p -> {
      checked.add(p);
      return false;
    });
    ProfileMatch m = index(nothingExists, py, script).resolve(
        process(23, "/usr/bin/python3.11", "python3 /home/alice/bin/backup.py"));
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
    assertSame(py, m.profile());
    assertEquals(List.of("/home/alice/bin/backup.py"), checked);
  }

  @Test
  void virtualFrameworkDoesNotCheckTheBuiltPath() {
    Profile flatpak = Profile.builder("flatpak", "Flatpak").paths("/usr/bin/bwrap").file("f.yaml")
        .framework(Framework.rewrite(Pattern.compile("--app-id[= ](?<app>[\\w.]+)"),
            BuildTemplate.parse("/flatpak/${app}"), true))
        .build();
    Profile signal = exact("signal", "/flatpak/org.signal.Signal");
    MatchOptions nothingExists = MatchOptions.offline().withFileExists(p -> {
      throw new AssertionError("virtual frameworks must not check " + p);
    });
    ProfileMatch m = index(nothingExists, flatpak, signal).resolve(
        process(24, "/usr/bin/bwrap", "bwrap --app-id org.signal.Signal -- signal-desktop"));
    assertSame(signal, m.profile());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
  }

  @Test
  void parentLevelFrameworkMatchesTheAncestor() {
    Profile worker = Profile.builder("worker", "Worker").paths("/usr/lib/app/worker").file("h.yaml")
        .framework(Framework.parent(2, false)).build();
    Profile app = exact("app", "/usr/bin/app");
    ProcessInfo grandparent = process(30, "/usr/bin/app");
    ProcessInfo parent = process(31, "/usr/lib/app/launcher");
    ProcessInfo child = process(32, "/usr/lib/app/worker", "worker", parent, grandparent);
    ProfileMatch m = index(worker, app).resolve(child);
    assertSame(app, m.profile());
    assertEquals(MatchKind.FRAMEWORK_PARENT, m.kind());
    assertEquals("/usr/bin/app", m.matchedPath());
    assertSame(worker, m.framework());
    assertSame(child, m.attributedTo(), "without merge-with-parent the connection stays with the child");
  }

  @Test
  void mergeWithParentAttributesTheConnectionToTheParent() {
    Profile worker = Profile.builder("worker", "Worker").paths("/usr/lib/app/worker").file("h.yaml")
        .framework(Framework.parent(1, true)).build();
    Profile app = exact("app", "/usr/bin/app");
    ProcessInfo parent = process(40, "/usr/bin/app");
    ProcessInfo child = process(41, "/usr/lib/app/worker", "worker --type=net", parent);
    ProfileMatch m = index(worker, app).resolve(child);
    assertSame(app, m.profile());
    assertSame(parent, m.attributedTo());
    assertSame(child, m.process());
    assertEquals("framework worker matched ancestor /usr/bin/app (merged with it)", m.describe());
  }

  @Test
  void parentFrameworkFallsBackWhenTheChainIsTooShortOrUnmatched() {
    Profile worker = Profile.builder("worker", "Worker").paths("/usr/lib/app/worker").file("h.yaml")
        .framework(Framework.parent(3, true)).build();
    ProcessInfo child = process(50, "/usr/lib/app/worker", "worker", process(49, "/usr/bin/app"));
    ProfileMatch m = index(worker, exact("app", "/usr/bin/app")).resolve(child);
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
    assertSame(worker, m.profile());
    assertSame(child, m.attributedTo());
    Profile up1 = Profile.builder("up1", "Up").paths("/usr/lib/app/worker").file("u.yaml")
        .framework(Framework.parent(1, false)).build();
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, index(up1).resolve(child).kind());
  }

  @Test
  void parentFrameworkFollowsTheParentsOwnFramework() {
    Profile curl = Profile.builder("curl-in-scripts", "curl").paths("/usr/bin/curl").file("c.yaml")
        .framework(Framework.parent(1, true)).build();
    Profile script = exact("backup", "/home/alice/bin/backup.py");
    ProcessInfo py = process(60, "/usr/bin/python3.11", "python3 /home/alice/bin/backup.py");
    ProcessInfo child = process(61, "/usr/bin/curl", "curl https://example.com", py);
    ProfileMatch m = index(curl, python(), script).resolve(child);
    assertSame(script, m.profile());
    assertEquals(MatchKind.FRAMEWORK_PARENT, m.kind());
    assertSame(py, m.attributedTo());
  }

  @Test
  void frameworksChainThroughRewrites() {
    Profile env = Profile.builder("env", "env").paths("/usr/bin/env").file("env.yaml")
        .framework(Framework.rewrite(Pattern.compile("^\\S*env\\s+(python[0-9.]*)"),
            BuildTemplate.parse("/usr/bin/$1"), false)).build();
    Profile script = exact("backup", "/home/alice/bin/backup.py");
    Profile py = Profile.builder("python", "Python").paths("/usr/bin/python3.11").file("python.yaml")
        .framework(python().framework()).build();
    ProfileMatch m = index(env, py, script).resolve(
        process(70, "/usr/bin/env", "/usr/bin/env python3.11 /home/alice/bin/backup.py"));
    assertSame(script, m.profile());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
    assertSame(env, m.framework());
  }

  @Test
  void selfReferencingFrameworkStopsAfterTheDepthLimit() {
    Profile loop = Profile.builder("loop", "Loop").paths("/bin/loop").file("l.yaml")
        .framework(Framework.rewrite(Pattern.compile("(/bin/loop)"), BuildTemplate.parse("$1"), false))
        .build();
    ProfileMatch m = index(loop).resolve(process(71, "/bin/loop", "/bin/loop"));
    assertSame(loop, m.profile());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // guards against a hang, not a performance check
  void catastrophicFrameworkRegexGivesUpAndFallsBack() {
    Profile evil = Profile.builder("evil", "Evil").paths("/usr/bin/evil").file("e.yaml")
        .framework(Framework.rewrite(Pattern.compile("(.*a){12}(/x)"), BuildTemplate.parse("$2"), true))
        .build();
    // Polynomial of degree 12 in Java's regex engine: hours on 64 characters without a budget.
    String cmdline = "evil " + "a".repeat(64) + "!";
    ProfileMatch m = index(evil, exact("x", "/x")).resolve(process(72, "/usr/bin/evil", cmdline));
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
    assertSame(evil, m.profile());
  }

  @Test
  void unknownProcessIsUnidentified() {
    ProfileIndex idx = index(exact("curl", "/usr/bin/curl"));
    ProfileMatch m = idx.resolve(ProcessInfo.UNKNOWN);
    assertEquals(MatchKind.SPECIAL, m.kind());
    assertEquals(Special.UNIDENTIFIED, m.profile().special());
    ProfileMatch noExe = idx.resolve(process(80, ""));
    assertEquals(Special.UNIDENTIFIED, noExe.profile().special(), "a pid without executable is unidentified");
  }

  @Test
  void pidZeroIsTheKernel() {
    ProcessInfo kernel = new ProcessInfo(0, 0, 0, "", "", List.of(), 0, "root", List.of(), "", "");
    ProfileMatch m = index().resolve(kernel);
    assertEquals(Special.KERNEL, m.profile().special());
    assertEquals(MatchKind.SPECIAL, m.kind());
    assertEquals("special profile kernel", m.describe());
  }

  @Test
  void kernelMarkerIsInjectable() {
    ProcessInfo marked = process(2, "[kthreadd]");
    ProfileIndex idx = index(MatchOptions.offline().withKernel(p -> p.exe().startsWith("[")));
    assertEquals(Special.KERNEL, idx.resolve(marked).profile().special());
  }

  @Test
  void ownPidIsSelf() {
    Profile java = exact("java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    ProfileIndex idx = index(MatchOptions.offline().withSelfPid(4242), java);
    ProfileMatch m = idx.resolve(process(4242, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"));
    assertEquals(Special.SELF, m.profile().special());
    assertSame(java, idx.resolve(process(4243, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java")).profile());
  }

  @Test
  void liveOptionsUseThisJvmsPid() {
    assertEquals(ProcessHandle.current().pid(), MatchOptions.live().selfPid());
  }

  @Test
  void builtInResolverMatchesByPathAsSpecial() {
    ProfileIndex idx = index();
    ProfileMatch m = idx.resolve(process(90, "/usr/lib/systemd/systemd-resolved"));
    assertEquals(MatchKind.SPECIAL, m.kind());
    assertEquals(Special.RESOLVER, m.profile().special());
    assertEquals("/usr/lib/systemd/systemd-resolved", m.matchedPath());
  }

  @Test
  void definedResolverReplacesTheBuiltInOne() {
    Profile unbound = Profile.builder("unbound", "Unbound").paths("/usr/sbin/unbound").file("u.yaml")
        .special(Special.RESOLVER).build();
    ProfileIndex idx = index(unbound);
    assertSame(unbound, idx.resolve(process(91, "/usr/sbin/unbound")).profile());
    assertEquals(MatchKind.NONE, idx.resolve(process(92, "/usr/lib/systemd/systemd-resolved")).kind());
  }

  @Test
  void loadedProfileClaimingTheResolverPathWins() {
    Profile mine = exact("resolved", "/usr/lib/systemd/systemd-resolved");
    ProfileMatch m = index(mine).resolve(process(93, "/usr/lib/systemd/systemd-resolved"));
    assertSame(mine, m.profile());
    assertEquals(MatchKind.EXACT, m.kind());
  }

  @Test
  void symlinkedProfilePathsAlsoMatchTheirTarget() {
    Profile py = Profile.builder("py", "Python").paths("/usr/bin/python3").file("p.yaml").build();
    Profile real = exact("real", "/usr/bin/python3.12");
    Map<String, String> links = Map.of("/usr/bin/python3", "/usr/bin/python3.11",
        "/usr/bin/python3.12", "/usr/bin/python3.11");
    MatchOptions opts = MatchOptions.offline().withRealPath(p -> links.getOrDefault(p, p));
    ProfileIndex idx = index(opts, py, real);
    assertSame(py, idx.resolve(process(94, "/usr/bin/python3.11")).profile());
    assertSame(py, idx.resolve(process(95, "/usr/bin/python3")).profile());
    assertSame(real, idx.resolve(process(96, "/usr/bin/python3.12")).profile());
    assertEquals("/usr/bin/python3", idx.writtenPath("/usr/bin/python3.11"));
  }

  @Test
  void explicitPathBeatsAPathReachedThroughASymlink() {
    Profile link = exact("link", "/usr/bin/python3");
    Profile explicit = exact("explicit", "/usr/bin/python3.11");
    MatchOptions opts = MatchOptions.offline()
        .withRealPath(p -> p.equals("/usr/bin/python3") ? "/usr/bin/python3.11" : p);
    assertSame(explicit, index(opts, link, explicit).resolve(process(97, "/usr/bin/python3.11")).profile());
  }

  @Test
  void lookupsForTheLeadsTools() {
    Profile curl = exact("curl", "/usr/bin/curl");
    Profile opt = folder("opt", "/opt");
    ProfileIndex idx = index(curl, opt);
    assertSame(curl, idx.exactProfile("/usr/bin/curl"));
    assertSame(opt, idx.defaultProfileFor("/opt/x/y"));
    assertNull(idx.defaultProfileFor("/usr/bin/curl"));
    assertEquals(Set.of("curl", "opt"), Set.of(idx.exactProfile("/usr/bin/curl").id(),
        idx.defaultProfileFor("/opt/a").id()));
  }
}
