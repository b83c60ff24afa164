package org.netreeve.intel.filterlists;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What loading one list file produced.
 *
 * @param file              the file
 * @param lines             lines read
 * @param domains           domain entries (blocks, or exceptions in an unbreak list)
 * @param exceptions        {@code @@} exception entries (domains and IPs)
 * @param ips               IP entries
 * @param skipped           well-formed lines that are not domain rules, by reason
 * @param malformed         lines that could not be parsed
 * @param malformedExamples the first malformed lines (at most {@link #MAX_EXAMPLES})
 */
public record FileReport(Path file, long lines, long domains, long exceptions, long ips,
                         Map<SkipReason, Long> skipped, long malformed, List<LineProblem> malformedExamples) {

    /** How many malformed lines are quoted per file; the rest are only counted. */
    public static final int MAX_EXAMPLES = 10;

    public FileReport {
        skipped = Map.copyOf(skipped);
        malformedExamples = List.copyOf(malformedExamples);
    }

    public long skippedTotal() {
        long total = 0;
        for (long n : skipped.values()) {
            total += n;
        }
        return total;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        return file + ": " + lines + " lines, " + domains + " domains, " + exceptions + " exceptions, "
                + ips + " IPs, " + skippedTotal() + " skipped, " + malformed + " malformed";
    }
}
