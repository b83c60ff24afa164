package org.netreeve.profiles.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.match.MatchOptions;
import org.netreeve.profiles.match.ProfileIndex;
import org.netreeve.profiles.match.ProfileMatch;
import org.netreeve.profiles.model.BuildTemplate;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.Framework;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.ProfileSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Profile matching cost with 10, 1 000 and 10 000 profiles: an exact path, a path under a default
 * folder (four folder levels deep), a framework rewrite from the command line, a parent framework,
 * and a miss. The figures should not grow with the number of profiles.
 *
 * <p>Run: {@code java -cp <test classpath> org.netreeve.profiles.bench.ProfileIndexBenchmark}
 * (see docs/profiles.md, "Performance").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProfileIndexBenchmark {

  private static final int ROTATE = 1024;

  @Param({"10", "1000", "10000"})
  public int profiles;

  private ProfileIndex index;
  private ProcessInfo[] exact;
  private ProcessInfo[] folder;
  private ProcessInfo[] rewrite;
  private ProcessInfo[] parent;
  private ProcessInfo[] miss;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    int frameworks = Math.max(2, profiles / 50);
    int folders = Math.max(1, profiles * 15 / 100);
    int scripts = frameworks / 2;
    int exacts = profiles - frameworks - folders - scripts - 1;
    List<Profile> list = new ArrayList<>();
    for (int i = 0; i < exacts; i++) {
      list.add(Profile.builder("app" + i, "App " + i).paths("/opt/app" + i + "/bin/app" + i)
          .flags(Flag.INTERNET).build());
    }
    for (int i = 0; i < folders; i++) {
      list.add(Profile.builder("vendor" + i, "Vendor " + i).paths("/srv/v" + i).defaultProfile(true).build());
    }
    for (int i = 0; i < frameworks; i++) {
      list.add(Profile.builder("interp" + i, "Interp " + i).paths("/usr/bin/interp" + i)
          .framework(Framework.rewrite(Pattern.compile("^\\S+ (/home/u/s" + i + "\\.run)"),
              BuildTemplate.parse("$1"), false)).build());
    }
    for (int i = 0; i < scripts; i++) {
      list.add(Profile.builder("script" + i, "Script " + i).paths("/home/u/s" + i + ".run").build());
    }
    list.add(Profile.builder("worker", "Worker").paths("/usr/lib/app/worker")
        .framework(Framework.parent(1, true)).build());
    index = ProfileIndex.build(ProfileSet.of(list), MatchOptions.offline());

    exact = new ProcessInfo[ROTATE];
    folder = new ProcessInfo[ROTATE];
    rewrite = new ProcessInfo[ROTATE];
    parent = new ProcessInfo[ROTATE];
    miss = new ProcessInfo[ROTATE];
    for (int k = 0; k < ROTATE; k++) {
      int e = k % exacts;
      exact[k] = process(k, "/opt/app" + e + "/bin/app" + e, "app", List.of());
      int f = k % folders;
      folder[k] = process(k, "/srv/v" + f + "/lib/x86_64/plugins/tool", "tool", List.of());
      int s = k % scripts;
      rewrite[k] = process(k, "/usr/bin/interp" + s, "interp /home/u/s" + s + ".run --flag", List.of());
      ProcessInfo app = process(k + 1, "/opt/app" + e + "/bin/app" + e, "app", List.of());
      parent[k] = process(k, "/usr/lib/app/worker", "worker", List.of(app));
      miss[k] = process(k, "/usr/local/bin/unknown" + k, "unknown", List.of());
    }
  }

  private static ProcessInfo process(int pid, String exe, String cmdline, List<ProcessInfo> parents) {
    return new ProcessInfo(pid + 100, 1, pid, exe, cmdline, List.of(cmdline.split(" ")), 1000, "u",
        parents, "", "");
  }

  private int slot() {
    next = (next + 1) & (ROTATE - 1);
    return next;
  }

  @Benchmark
  public ProfileMatch exactPath() {
    return index.resolve(exact[slot()]);
  }

  @Benchmark
  public ProfileMatch defaultFolder() {
    return index.resolve(folder[slot()]);
  }

  @Benchmark
  public ProfileMatch frameworkRewrite() {
    return index.resolve(rewrite[slot()]);
  }

  @Benchmark
  public ProfileMatch frameworkParent() {
    return index.resolve(parent[slot()]);
  }

  @Benchmark
  public ProfileMatch noProfile() {
    return index.resolve(miss[slot()]);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(ProfileIndexBenchmark.class.getSimpleName()).build()).run();
  }
}
