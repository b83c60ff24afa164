package org.netreeve.interception.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netreeve.net.Verdict;
import org.netreeve.net.Direction;
import org.netreeve.net.FiveTuple;

class ConnectionTableTest {
    private final MutableClock clock = new MutableClock();
    private final ConnectionTable table = new ConnectionTable(3, Duration.ofMinutes(10), Duration.ofSeconds(30), clock);

    private static Link link(int port) {
        try {
            return new Link(new FiveTuple(6, InetAddress.getByName("10.0.0.1"), port,
                    InetAddress.getByName("192.0.2.1"), 443), Direction.OUTBOUND);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNewLinkStartsUndecidedAndCountsPackets() {
        table.observe(link(1), 60);
        clock.advance(Duration.ofSeconds(1));
        LinkEntry entry = table.observe(link(1), 40);
        assertEquals(LinkState.NEW, entry.state());
        assertNull(entry.verdict());
        assertEquals(2, entry.packets());
        assertEquals(100, entry.bytes());
        assertEquals(entry.firstSeen().plusSeconds(1), entry.lastSeen());
    }

    @Test
    void aPermanentMarkMakesTheLinkPermanentAndAPerPacketMarkDecided() {
        LinkEntry permanent = table.decide(link(1), Verdict.PERMANENT_ACCEPT, "curl");
        assertEquals(LinkState.PERMANENT, permanent.state());
        assertEquals("curl", permanent.profileId());
        assertEquals(clock.instant(), permanent.decidedAt());
        assertEquals(LinkState.DECIDED, table.decide(link(2), Verdict.ACCEPT, "curl").state());
        assertEquals(LinkState.PERMANENT, table.decide(link(3), Verdict.REROUTE_TO_NAMESERVER, "dns").state());
    }

    @Test
    void anInspectedLinkStaysInspectingWhenAVerdictIsApplied() {
        table.observe(link(1), 1);
        table.setState(link(1), LinkState.INSPECTING);
        assertEquals(LinkState.INSPECTING, table.decide(link(1), Verdict.ACCEPT, "browser").state());
    }

    @Test
    void expireRemovesFinishedLinksAfterRetentionAndIdleLinksAfterTimeout() {
        table.decide(link(1), Verdict.PERMANENT_ACCEPT, "a");
        table.observe(link(2), 1);
        table.finish(link(2));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, table.expire());
        assertFalse(table.get(link(2)).isPresent());
        assertTrue(table.get(link(1)).isPresent());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, table.expire());
        assertEquals(0, table.size());
        assertEquals(2, table.expirations());
    }

    @Test
    void aFullTableEvictsAFinishedLinkBeforeTheLeastRecentlyUsed() {
        table.observe(link(1), 1);
        table.observe(link(2), 1);
        table.observe(link(3), 1);
        table.finish(link(3));
        table.observe(link(4), 1);
        assertEquals(3, table.size());
        assertFalse(table.get(link(3)).isPresent());
        assertTrue(table.get(link(1)).isPresent());
        assertEquals(1, table.evictions());
    }

    @Test
    void aFullTableWithoutFinishedLinksEvictsTheLeastRecentlyUsed() {
        table.observe(link(1), 1);
        table.observe(link(2), 1);
        table.observe(link(3), 1);
        table.observe(link(1), 1);
        table.observe(link(4), 1);
        assertFalse(table.get(link(2)).isPresent(), "link 2 was used least recently");
        assertTrue(table.get(link(1)).isPresent());
        assertTrue(table.get(link(4)).isPresent());
    }

    @Test
    void aFullTablePrefersExpiringIdleLinksToEvicting() {
        table.observe(link(1), 1);
        table.observe(link(2), 1);
        clock.advance(Duration.ofMinutes(11));
        table.observe(link(3), 1);
        table.observe(link(4), 1);
        assertEquals(2, table.size());
        assertEquals(0, table.evictions());
    }

    @Test
    void linksToRedecideSkipsUndecidedAndFinishedLinks() {
        table.decide(link(1), Verdict.PERMANENT_ACCEPT, "a");
        table.observe(link(2), 1);
        table.decide(link(3), Verdict.PERMANENT_BLOCK, "b");
        List<LinkEntry> redo = table.linksToRedecide(entry -> true);
        assertEquals(List.of(link(1), link(3)), redo.stream().map(LinkEntry::link).toList());
        table.finish(link(1));
        assertEquals(List.of(link(3)), table.linksToRedecide(e -> "b".equals(e.profileId())).stream()
                .map(LinkEntry::link).toList());
        assertEquals(List.of(), table.linksToRedecide(e -> "a".equals(e.profileId())));
    }

    @Test
    void anUpdateMayNotChangeTheLink() {
        table.observe(link(1), 1);
        assertThrows(IllegalArgumentException.class, () -> table.update(link(1), e -> LinkEntry.fresh(link(2),
                clock.instant())));
        assertTrue(table.update(link(9), e -> e).isEmpty());
    }

    @Test
    void concurrentObserversLoseNoPackets() throws Exception {
        ConnectionTable big = new ConnectionTable(10_000, Duration.ofMinutes(10), Duration.ofSeconds(30), clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    big.observe(link(i % 100), 10);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        long packets = big.select(e -> true).stream().mapToLong(LinkEntry::packets).sum();
        assertEquals(40_000, packets);
        assertEquals(100, big.size());
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionTable(0, Duration.ofMinutes(1),
                Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionTable(1, Duration.ZERO, Duration.ZERO,
                clock));
    }
}
