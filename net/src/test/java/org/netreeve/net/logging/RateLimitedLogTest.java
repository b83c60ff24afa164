package org.netreeve.net.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.netreeve.net.fixtures.ManualClock;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void theRateLimitedLogCountsEverythingButWritesAtMostOneLinePerInterval() {
        ManualClock clock = new ManualClock(Instant.EPOCH);
        int[] lines = {0};
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), "test", clock, 1000);
        Object detail = new Object() {
            @Override
            public String toString() {
                lines[0]++;
                return "detail";
            }
        };
        for (int i = 0; i < 100; i++) {
            log.record(detail);
            clock.advance(java.time.Duration.ofMillis(25));
        }
        assertEquals(100, log.total());
        assertEquals(3, lines[0], "one line at 0 ms, one at 1000 ms, one at 2000 ms");
    }
}
