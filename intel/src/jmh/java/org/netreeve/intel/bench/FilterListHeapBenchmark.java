package org.netreeve.intel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.netreeve.intel.filterlists.FilterLists;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Heap retained per domain by one million loaded domains: used heap after full GCs, after the
 * build minus before it, divided by the domain count ({@code retainedBytesPerDomain}); and the
 * size of the lookup arrays alone ({@code structureBytesPerDomain}). One measured build in one
 * fork, because JMH sums such counters over iterations and forks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class FilterListHeapBenchmark {

    @Param("1000000")
    public int domains;

    private Path dir;
    private Path file;

    /** Reported beside the time as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        public double retainedBytesPerDomain;
        public double structureBytesPerDomain;
    }

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
    public FilterLists heap(Heap heap) {
        long before = usedAfterGc();
        FilterLists lists = FilterListLoadBenchmark.build(file);
        long after = usedAfterGc();
        heap.retainedBytesPerDomain = (after - before) / (double) lists.domainCount();
        heap.structureBytesPerDomain = lists.footprintBytes() / (double) lists.domainCount();
        return lists;
    }

    /** Used heap after the collector has run until the figure settles. */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int k = 0; k < 10; k++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FilterListHeapBenchmark.class.getName()).build()).run();
    }
}
