package org.netreeve.net.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void theRateLimitedLogCountsEverythingButWritesAtMostOneLinePerInterval() {
        long[] now = {0};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now[0]);
            }
        };
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
            now[0] += 25;
        }
        assertEquals(100, log.total());
        assertEquals(3, lines[0], "one line at 0 ms, one at 1000 ms, one at 2000 ms");
    }
}
