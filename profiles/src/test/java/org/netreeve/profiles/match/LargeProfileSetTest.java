package org.netreeve.profiles.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netreeve.profiles.match.Processes.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.yaml.LoadResult;
import org.netreeve.profiles.yaml.ProfileLoader;

/** 10 000 generated profile files load without errors and every one of them matches. */
class LargeProfileSetTest {

  static final int EXACT = 8_000;
  static final int FOLDERS = 1_500;
  static final int FRAMEWORKS = 400;
  static final int SCRIPTS = 100;
  static final int TOTAL = EXACT + FOLDERS + FRAMEWORKS + SCRIPTS;

  @TempDir
  Path dir;

  /** Writes the generated directory; returns the number of files. */
  static int generate(Path dir) throws IOException {
    int n = 0;
    for (int i = 0; i < TOTAL; i++) {
      String yaml;
      if (i < EXACT) {
        yaml = "name: App " + i + "\npaths: [/opt/app" + i + "/bin/app" + i + "]\nflags: [Internet]\n"
            + "endpoints:\n  - + .app" + i + ".example TCP/443\n  - \"- *\"\n";
      } else if (i < EXACT + FOLDERS) {
        yaml = "name: Vendor " + i + "\ndefault: true\npaths: [/srv/v" + i + "]\nflags: [LocalNet]\n";
      } else if (i < EXACT + FOLDERS + FRAMEWORKS) {
        yaml = "name: Interpreter " + i + "\npaths: [/usr/bin/interp" + i + "]\nframework:\n"
            + "  find: '^\\S+ (/home/u/s" + i + "\\.run)'\n  build: $1\n";
      } else {
        yaml = "name: Script " + i + "\npaths: [/home/u/s" + scriptFor(i) + ".run]\nflags: [Internet]\n";
      }
      Path f = dir.resolve("group" + (i % 50)).resolve("p" + i + ".yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(f, yaml);
      n++;
    }
    return n;
  }

  /** The framework index whose script profile has index {@code i}. */
  static int scriptFor(int i) {
    return EXACT + FOLDERS + (i - EXACT - FOLDERS - FRAMEWORKS);
  }

  @Test
  void tenThousandProfilesLoadAndMatch() throws IOException {
    assertEquals(TOTAL, generate(dir));
    LoadResult r = new ProfileLoader().load(dir);
    assertTrue(r.ok(), () -> r.report().lines().limit(5).reduce("", (a, b) -> a + b + "\n"));
    ProfileSet set = r.profiles();
    assertEquals(10_000, set.size());
    ProfileIndex idx = ProfileIndex.build(set, MatchOptions.offline());
    for (int i = 0; i < EXACT; i++) {
      ProfileMatch m = idx.resolve(process(i + 2, "/opt/app" + i + "/bin/app" + i));
      assertEquals(MatchKind.EXACT, m.kind());
      assertEquals("group" + (i % 50) + "/p" + i, m.profile().id());
      assertEquals(1, m.profile().endpoints().size() - 1);
    }
    for (int i = EXACT; i < EXACT + FOLDERS; i++) {
      ProfileMatch m = idx.resolve(process(i + 2, "/srv/v" + i + "/lib/x/tool"));
      assertEquals(MatchKind.DEFAULT_PREFIX, m.kind());
      assertEquals("group" + (i % 50) + "/p" + i, m.profile().id());
    }
    for (int i = EXACT + FOLDERS; i < EXACT + FOLDERS + FRAMEWORKS; i++) {
      ProfileMatch m = idx.resolve(process(i + 2, "/usr/bin/interp" + i,
          "interp" + i + " /home/u/s" + i + ".run --fast"));
      boolean hasScript = i < EXACT + FOLDERS + SCRIPTS;
      assertEquals(hasScript ? MatchKind.FRAMEWORK_REWRITE : MatchKind.FRAMEWORK_FALLBACK, m.kind(),
          "interpreter " + i);
      assertEquals(hasScript ? "/home/u/s" + i + ".run" : "/usr/bin/interp" + i, m.matchedPath());
    }
    assertEquals(MatchKind.NONE, idx.resolve(process(3, "/usr/bin/unknown")).kind());
  }
}
