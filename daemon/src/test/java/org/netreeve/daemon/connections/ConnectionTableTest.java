package org.netreeve.daemon.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.Direction;
import org.netreeve.net.FiveTuple;
import org.netreeve.net.IpProtocol;
import org.netreeve.net.Link;
import org.netreeve.net.Verdict;
import org.netreeve.net.fixtures.ManualClock;
import org.netreeve.process.ProcessInfo;

class ConnectionTableTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> handedBack = new ArrayList<>();

  private ConnectionTable table(int capacity) {
    return new ConnectionTable(capacity, Duration.ofMinutes(10), clock,
        (link, request, refused) -> handedBack.add(link.tuple().sourcePort() + (refused ? " refused" : " allowed")));
  }

  private static Link link(int port) throws Exception {
    return new Link(new FiveTuple(IpProtocol.TCP, InetAddress.getByName("10.0.0.2"), port,
        InetAddress.getByName("93.184.216.34"), 443), Direction.OUTBOUND);
  }

  private static DecisionRequest request(int port) throws Exception {
    return DecisionRequest.builder(Stage.LINK).process(ProcessInfo.UNKNOWN).protocol(IpProtocol.TCP)
        .local(InetAddress.getByName("10.0.0.2"), port).remote(InetAddress.getByName("93.184.216.34"), 443).build();
  }

  @Test
  void findsALinkByItsRepliesToo() throws Exception {
    ConnectionTable t = table(10);
    ConnectionTable.Entry e = t.remember(link(40000), request(40000), Verdict.ACCEPT, null, "curl", null);
    assertSame(e, t.find(link(40000)));
    Link reply = new Link(link(40000).tuple().reversed(), Direction.INBOUND);
    assertSame(e, t.find(reply), "a reply finds the link it answers");
    assertNull(t.find(link(40001)));
  }

  @Test
  void keepsItsPacketCountAcrossANewVerdict() throws Exception {
    ConnectionTable t = table(10);
    ConnectionTable.Entry first = t.remember(link(40000), request(40000), Verdict.ACCEPT, "tls", "curl", null);
    first.packets().incrementAndGet();
    ConnectionTable.Entry second = t.remember(link(40000), request(40000), Verdict.PERMANENT_ACCEPT, null, "curl",
        null);
    assertEquals(1, second.packets().get());
    assertEquals(first.firstSeen(), second.firstSeen());
    assertEquals(1, t.size());
  }

  @Test
  void forgetsTheLeastRecentlyUsedLinkWhenFull() throws Exception {
    ConnectionTable t = table(2);
    t.remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    t.remember(link(2), request(2), Verdict.PERMANENT_ACCEPT, null, "a", null);
    t.find(link(1));
    t.remember(link(3), request(3), Verdict.PERMANENT_ACCEPT, null, "a", null);
    assertEquals(2, t.size());
    assertNull(t.find(link(2)), "the least recently used one went");
    assertEquals(1, t.evictions());
  }

  @Test
  void forgetsIdleLinks() throws Exception {
    ConnectionTable t = table(10);
    t.remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    clock.advance(Duration.ofMinutes(5));
    t.remember(link(2), request(2), Verdict.PERMANENT_ACCEPT, null, "a", null);
    clock.advance(Duration.ofMinutes(6));
    assertEquals(1, t.expire());
    assertNull(t.find(link(1)));
    assertEquals(1, t.size());
  }

  @Test
  void redecisionHandsBackOnlyPermanentLinksWhoseVerdictChanges() throws Exception {
    ConnectionTable t = table(10);
    t.remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    t.remember(link(2), request(2), Verdict.PERMANENT_BLOCK, null, "a", null);
    t.remember(link(3), request(3), Verdict.ACCEPT, "tls", "a", null);
    ConnectionTable.Entry e = t.find(link(2));
    assertFalse(e.stale().get());
    int changed = t.redecide("test", r -> Verdict.PERMANENT_ACCEPT);
    assertEquals(1, changed, "only the blocked link would now be accepted");
    assertEquals(List.of("2 allowed"), handedBack);
    assertTrue(t.find(link(2)).stale().get());
    assertFalse(t.find(link(1)).stale().get());
    assertEquals(0, t.redecide("again", r -> Verdict.PERMANENT_ACCEPT),
        "a stale link waits for its next packet");
    t.redecide("level", r -> Verdict.PERMANENT_DROP);
    assertEquals(List.of("2 allowed", "1 refused"), handedBack, "a now refused link is handed back refused");
  }

  @Test
  void aLinkIsStaleBeforeTheKernelHearsOfIt() throws Exception {
    List<Boolean> staleWhenHandedBack = new ArrayList<>();
    ConnectionTable[] t = new ConnectionTable[1];
    t[0] = new ConnectionTable(10, Duration.ofMinutes(10), clock,
        (link, request, refused) -> staleWhenHandedBack.add(t[0].find(link).stale().get()));
    t[0].remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    t[0].redecide("test", r -> Verdict.PERMANENT_BLOCK);
    assertEquals(List.of(true), staleWhenHandedBack, "an aborted socket's packet must find the link stale");
  }

  @Test
  void aLinkTheKernelCannotHandBackKeepsItsVerdict() throws Exception {
    ConnectionTable t = new ConnectionTable(10, Duration.ofMinutes(10), clock, (link, request, refused) -> {
      throw new java.io.IOException("conntrack: no such connection");
    });
    t.remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    assertEquals(0, t.redecide("test", r -> Verdict.PERMANENT_BLOCK));
    assertFalse(t.find(link(1)).stale().get());
  }

  @Test
  void theViewShowsRowsAndNothingToChange() throws Exception {
    ConnectionTable t = table(10);
    t.remember(link(1), request(1), Verdict.PERMANENT_ACCEPT, null, "a", null);
    ConnectionView view = t;
    List<ConnectionView.Row> rows = view.connections(10);
    assertEquals(1, rows.size());
    assertEquals(Verdict.PERMANENT_ACCEPT, rows.get(0).verdict());
    assertEquals(Direction.OUTBOUND, rows.get(0).direction());
    assertEquals(0, view.connections(0).size());
  }
}
