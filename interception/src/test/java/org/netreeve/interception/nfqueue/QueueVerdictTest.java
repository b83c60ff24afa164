package org.netreeve.interception.nfqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netreeve.net.Verdict;
import org.netreeve.net.Direction;

class QueueVerdictTest {
    @Test
    void acceptVerdictsAreCachedPerMark() {
        assertSame(QueueVerdict.accept(Verdict.PERMANENT_ACCEPT), QueueVerdict.accept(Verdict.PERMANENT_ACCEPT));
        assertEquals(1710, QueueVerdict.accept(Verdict.PERMANENT_ACCEPT).mark());
        assertEquals("ACCEPT mark 1799 (REROUTE_TO_NAMESERVER)", QueueVerdict.accept(Verdict.REROUTE_TO_NAMESERVER)
                .toString());
    }

    @Test
    void onlyAcceptCarriesAMark() {
        assertThrows(IllegalArgumentException.class, () -> new QueueVerdict(QueueVerdict.Action.DROP, 1702));
        assertThrows(IllegalArgumentException.class, () -> new QueueVerdict(null, 0));
    }

    @Test
    void theMarksAreTheSeeds() {
        int[] values = {1700, 1701, 1702, 1710, 1711, 1712, 1799, 1717};
        Verdict[] marks = Verdict.values();
        assertEquals(values.length, marks.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], marks[i].mark());
            assertSame(marks[i], Verdict.ofMark(values[i]));
        }
        assertNull(Verdict.ofMark(0));
        assertTrue(Verdict.PERMANENT_DROP.isPermanent());
        assertTrue(!Verdict.BLOCK.isPermanent());
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
}
