package org.netreeve.intel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netreeve.intel.filterlists.FilterListSpec;
import org.netreeve.intel.filterlists.FilterLists;
import org.netreeve.intel.filterlists.FilterListsBuilder;
import org.netreeve.intel.filterlists.ListFormat;
import org.netreeve.intel.filterlists.ListKind;
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
 * Time to load one million generated domains from a list file: read, parse, hash, build the
 * table. The heap figure is {@link FilterListHeapBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class FilterListLoadBenchmark {

    @Param("1000000")
    public int domains;

    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("nr-bench");
        file = GeneratedLists.write(dir.resolve("list.txt"), FilterListBenchmark.SEED, domains);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public FilterLists load() {
        return build(file);
    }

    static FilterLists build(Path file) {
        return new FilterListsBuilder().add(new FilterListSpec("BENCH", "bench", "ads", "", ListKind.BLOCK,
                ListFormat.DOMAINS, List.of(file), "bench")).build();
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FilterListLoadBenchmark.class.getName()).build()).run();
    }
}
