package org.netreeve.intel.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.netreeve.intel.filterlists.FilterListSpec;
import org.netreeve.intel.filterlists.FilterLists;
import org.netreeve.intel.filterlists.FilterListsBuilder;
import org.netreeve.intel.filterlists.FilterResult;
import org.netreeve.intel.filterlists.ListFormat;
import org.netreeve.intel.filterlists.ListKind;
import org.netreeve.intel.filterlists.Selection;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Lookups per second on one core against one million generated domains (one thread; each call
 * walks every parent domain of a 3-4 label name). {@code hit}: a subdomain of a listed domain;
 * {@code miss}: an unlisted name; {@code cname}: an unlisted name whose 2-name CNAME chain ends in
 * a listed domain.
 *
 * <p>Besides JMH's wall-clock score, each benchmark reports two counters summed over the
 * measured iterations: {@code calls} and {@code cpuNanos}, the CPU time of the benchmark thread
 * (ThreadMXBean). {@code calls / cpuNanos * 1e9} is lookups per CPU-second: the figure to read on
 * a shared machine, where the wall-clock score also counts time the thread spent waiting for a core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Threads(1)
public class FilterListBenchmark {

    static final long SEED = 0x5EEDL;

    @Param("1000000")
    public int domains;

    private Path dir;
    private FilterLists lists;
    private String[] hits;
    private String[] misses;
    private List<String>[] chains;
    private final Selection selection = Selection.of("ads");
    private int i;

    /** Calls and thread CPU time of one iteration; JMH sums them over iterations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuClock {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long calls;
        public long cpuNanos;
        private long start;

        @Setup(Level.Iteration)
        public void begin() {
            calls = 0;
            cpuNanos = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void end() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("nr-bench");
        Path file = GeneratedLists.write(dir.resolve("list.txt"), SEED, domains);
        lists = new FilterListsBuilder().add(new FilterListSpec("BENCH", "bench", "ads", "", ListKind.BLOCK,
                ListFormat.DOMAINS, List.of(file), "bench")).build();
        SplittableRandom r = new SplittableRandom(1);
        int n = 1 << 16;
        hits = new String[n];
        misses = new String[n];
        chains = new List[n];
        for (int k = 0; k < n; k++) {
            hits[k] = "cdn." + GeneratedLists.listed(SEED, r.nextInt(domains));
            misses[k] = GeneratedLists.unlisted(r);
            chains[k] = List.of(GeneratedLists.unlisted(r), "edge." + GeneratedLists.listed(SEED, r.nextInt(domains)));
        }
        if (!lists.lookup(hits[0], selection).isBlocked() || lists.lookup(misses[0], selection).isBlocked()) {
            throw new IllegalStateException("generated queries do not behave as intended");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("list.txt"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public FilterResult hit(CpuClock clock) {
        clock.calls++;
        return lists.lookup(hits[i++ & 0xFFFF], selection);
    }

    @Benchmark
    public FilterResult miss(CpuClock clock) {
        clock.calls++;
        return lists.lookup(misses[i++ & 0xFFFF], selection);
    }

    @Benchmark
    public boolean missMayBlock(CpuClock clock) {
        clock.calls++;
        return lists.mayBlock(misses[i++ & 0xFFFF], selection);
    }

    @Benchmark
    public FilterResult cname(CpuClock clock) {
        clock.calls++;
        int k = i++ & 0xFFFF;
        return lists.lookup(misses[k], chains[k], selection);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FilterListBenchmark.class.getName()).build()).run();
    }
}
