package org.netreeve.interception.nfqueue;

import java.time.Clock;
import org.slf4j.Logger;

/**
 * Counts occurrences of a problem and writes at most one warning per interval with how many
 * happened since the last one. Counting allocates nothing; only the (rare) log line does.
 * Thread rules: {@link #record} is called by one thread (a queue's receive loop); {@link #total()}
 * may be read from any thread.
 */
final class RateLimitedLog {
    private final Logger logger;
    private final String what;
    private final Clock clock;
    private final long intervalMillis;
    private volatile long total;
    private long sinceLastLine;
    private long lastLineMillis = Long.MIN_VALUE;

    RateLimitedLog(Logger logger, String what, Clock clock, long intervalMillis) {
        this.logger = logger;
        this.what = what;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Counts one occurrence; {@code detail} is only turned into text if a line is written. */
    void record(Object detail) {
        total++;
        sinceLastLine++;
        long now = clock.millis();
        if (lastLineMillis == Long.MIN_VALUE || now - lastLineMillis >= intervalMillis) {
            logger.warn("{}: {} since the last report ({} in total), latest: {}", what, sinceLastLine, total, detail);
            sinceLastLine = 0;
            lastLineMillis = now;
        }
    }

    long total() {
        return total;
    }
}
