package org.netreeve.dns.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.net.fixtures.ManualClock;
import org.netreeve.dns.policy.ResolvedAddress;
import org.netreeve.net.address.IpLiteral;

class DomainMemoryTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InetAddress ip = IpLiteral.parseOrNull("192.0.2.10");

    @Test
    void remembersUnderTokenAndGlobally() {
        DomainMemory m = new DomainMemory(clock, Duration.ofSeconds(30), 1000);
        m.record("firefox", "www.example.com", List.of("cdn.example.net"), List.of(new ResolvedAddress(ip, 60)));
        RememberedDomain own = m.lookup("firefox", ip).orElseThrow();
        assertEquals("www.example.com", own.domain());
        assertEquals(List.of("cdn.example.net"), own.cnameChain());
        assertEquals(RememberedDomain.Match.ATTRIBUTED, own.match());
        assertEquals(clock.instant(), own.resolvedAt());
        RememberedDomain other = m.lookup("curl", ip).orElseThrow();
        assertEquals(RememberedDomain.Match.GLOBAL, other.match());
        assertEquals("www.example.com", m.lookup(null, ip).orElseThrow().domain());
    }

    @Test
    void expiresAfterTtlPlusGrace() {
        DomainMemory m = new DomainMemory(clock, Duration.ofSeconds(30), 1000);
        m.record("p", "a.example", List.of(), List.of(new ResolvedAddress(ip, 60)));
        clock.advance(Duration.ofSeconds(89));
        assertTrue(m.lookup("p", ip).isPresent(), "still within TTL + grace");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(m.lookup("p", ip).isEmpty());
    }

    @Test
    void unattributedQueriesFeedOnlyTheGlobalEntry() {
        DomainMemory m = new DomainMemory(clock, Duration.ZERO, 1000);
        m.record(null, "a.example", List.of(), List.of(new ResolvedAddress(ip, 60)));
        assertEquals(RememberedDomain.Match.GLOBAL, m.lookup("p", ip).orElseThrow().match());
        assertEquals(1, m.size());
    }

    @Test
    void latestAnswerForAnAddressWins() {
        DomainMemory m = new DomainMemory(clock, Duration.ZERO, 1000);
        m.record("p", "first.example", List.of(), List.of(new ResolvedAddress(ip, 60)));
        m.record("p", "second.example", List.of(), List.of(new ResolvedAddress(ip, 60)));
        assertEquals("second.example", m.lookup("p", ip).orElseThrow().domain());
    }

    @Test
    void boundedEvictingSoonestExpiring() {
        DomainMemory m = new DomainMemory(clock, Duration.ZERO, 100);
        for (int i = 0; i < 200; i++) {
            m.record("p", "n" + i + ".example", List.of(),
                    List.of(new ResolvedAddress(IpLiteral.parseOrNull("10.0." + (i / 250) + "." + (i % 250)), 100 + i)));
        }
        assertTrue(m.size() <= 100, "size " + m.size());
        assertTrue(m.evictions() > 0);
        assertTrue(m.lookup("p", IpLiteral.parseOrNull("10.0.0.199")).isPresent(), "longest-lived kept");
        assertTrue(m.lookup("p", IpLiteral.parseOrNull("10.0.0.0")).isEmpty(), "soonest-expiring evicted");
    }

    @Test
    void expiredEntriesAreSweptBeforeLiveOnesAreEvicted() {
        DomainMemory m = new DomainMemory(clock, Duration.ZERO, 10);
        for (int i = 0; i < 10; i++) {
            m.record(null, "old" + i, List.of(), List.of(new ResolvedAddress(IpLiteral.parseOrNull("10.1.0." + i), 1)));
        }
        clock.advance(Duration.ofSeconds(5));
        m.record(null, "new", List.of(), List.of(new ResolvedAddress(ip, 60)));
        assertEquals(1, m.size());
        assertEquals(0, m.evictions());
    }
}
