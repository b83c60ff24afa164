package org.netreeve.profiles.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.netreeve.profiles.yaml.LoadResult;
import org.netreeve.profiles.yaml.ProfileLoader;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Time to load and validate a directory of 10, 1 000 and 10 000 profile files (page cache warm).
 * Single-shot per iteration; the first iterations include JIT warm-up, as a daemon start does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ProfileLoadBenchmark {

  @Param({"10", "1000", "10000"})
  public int profiles;

  private Path dir;
  private final ProfileLoader loader = new ProfileLoader();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("nr-profiles-bench");
    for (int i = 0; i < profiles; i++) {
      String yaml = "name: App " + i + "\ndescription: generated\npaths: [/opt/app" + i + "/bin/app" + i
          + "]\nflags: [Internet, LocalNet]\nconnect-ports: [HTTPS, 8000-8100]\n"
          + "endpoints:\n  - + .app" + i + ".example TCP/443\n  - \"- 10.0.0.0/8\"\n";
      Path f = dir.resolve("g" + (i % 64)).resolve("app" + i + ".yaml");
      Files.createDirectories(f.getParent());
      Files.writeString(f, yaml);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Benchmark
  public LoadResult load() {
    LoadResult r = loader.load(dir);
    if (!r.ok()) {
      throw new IllegalStateException(r.report());
    }
    return r;
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(ProfileLoadBenchmark.class.getSimpleName()).build()).run();
  }
}
