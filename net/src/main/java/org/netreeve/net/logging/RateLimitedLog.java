package org.netreeve.net.logging;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Counts occurrences of a problem and writes at most one warning per interval, saying how many
 * happened since the last line, so a flood of bad packets or queries cannot flood the log.
 * Counting allocates nothing; only the (rare) log line does, and the detail is turned into text
 * only for that line.
 *
 * <p>Thread rules: any thread may call every method.
 */
public final class RateLimitedLog {
  private final Logger logger;
  private final String what;
  private final Clock clock;
  private final long intervalMillis;
  private final LongAdder total = new LongAdder();
  private final LongAdder sinceLastLine = new LongAdder();
  private final AtomicLong nextLineMillis = new AtomicLong(Long.MIN_VALUE);

  /**
   * @param what           what is counted, the start of every line ("dropped malformed packets")
   * @param intervalMillis the least time between two lines
   */
  public RateLimitedLog(Logger logger, String what, Clock clock, long intervalMillis) {
    this.logger = logger;
    this.what = what;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
  }

  /** Counts one occurrence; {@code detail} is only turned into text if a line is written. */
  public void record(Object detail) {
    total.increment();
    sinceLastLine.increment();
    long now = clock.millis();
    long due = nextLineMillis.get();
    if ((due == Long.MIN_VALUE || now >= due) && nextLineMillis.compareAndSet(due, now + intervalMillis)) {
      logger.warn("{}: {} since the last report ({} in total), latest: {}", what, sinceLastLine.sumThenReset(),
          total.sum(), detail);
    }
  }

  /**
   * Counts one occurrence whose detail is an SLF4J message ("query {} failed: {}"), formatted only
   * if a line is written.
   */
  public void record(String format, Object... args) {
    record(new Object() {
      @Override
      public String toString() {
        return MessageFormatter.arrayFormat(format, args).getMessage();
      }
    });
  }

  /** Occurrences counted so far. */
  public long total() {
    return total.sum();
  }
}
