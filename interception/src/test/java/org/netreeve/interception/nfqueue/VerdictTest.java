package org.netreeve.interception.nfqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.netreeve.interception.mark.ConnMark;
import org.netreeve.interception.packet.Direction;
import org.slf4j.LoggerFactory;

class VerdictTest {
    @Test
    void acceptVerdictsAreCachedPerMark() {
        assertSame(Verdict.accept(ConnMark.PERMANENT_ACCEPT), Verdict.accept(ConnMark.PERMANENT_ACCEPT));
        assertEquals(1710, Verdict.accept(ConnMark.PERMANENT_ACCEPT).mark());
        assertEquals("ACCEPT mark 1799 (REROUTE_TO_NAMESERVER)", Verdict.accept(ConnMark.REROUTE_TO_NAMESERVER)
                .toString());
    }

    @Test
    void onlyAcceptCarriesAMark() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Verdict.Action.DROP, 1702));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(null, 0));
    }

    @Test
    void theMarksAreTheSeeds() {
        int[] values = {1700, 1701, 1702, 1710, 1711, 1712, 1717, 1799};
        ConnMark[] marks = ConnMark.values();
        assertEquals(values.length, marks.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], marks[i].value());
            assertSame(marks[i], ConnMark.ofValue(values[i]));
        }
        assertNull(ConnMark.ofValue(0));
        assertTrue(ConnMark.PERMANENT_DROP.permanent());
        assertTrue(!ConnMark.BLOCK.permanent());
    }

    @Test
    void queueNumbersTellTheDirection() {
        assertEquals(Direction.OUTBOUND, QueueConfig.of(17040).direction());
        assertEquals(Direction.OUTBOUND, QueueConfig.of(17060).direction());
        assertEquals(Direction.INBOUND, QueueConfig.of(17140).direction());
        assertEquals(Direction.INBOUND, QueueConfig.of(17160).direction());
    }

    @Test
    void aQueueConfigOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.of(70000));
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.of(17040).withMaxLength(0));
    }

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
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(VerdictTest.class), "test", clock, 1000);
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
