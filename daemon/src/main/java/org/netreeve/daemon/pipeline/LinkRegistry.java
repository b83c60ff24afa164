package org.netreeve.daemon.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.flow.Communication;
import org.netreeve.net.Verdict;
import org.netreeve.net.Direction;
import org.netreeve.interception.table.ConnectionTable;
import org.netreeve.interception.table.Link;
import org.netreeve.interception.table.LinkState;

/**
 * The links Netreeve has decided, with what each was decided on, so a policy or level change can
 * decide them again. Wraps the interception module's connection table (state, counters,
 * eviction) and keeps each link's decision request beside it.
 *
 * <p>Thread rules: safe from any thread; the queue threads add and look up, the maintenance timer
 * expires and re-decides.
 */
public final class LinkRegistry {

  /**
   * What a link was decided on and how.
   *
   * @param link       the link as first seen (its direction is who opened it)
   * @param request    the decision request of its first packet
   * @param verdict    the verdict applied
   * @param inspection what inspection keeps it in user space for, or null
   * @param packets    packets of it decided at stage packet
   * @param stale      set when a policy or level change handed the link back for a new decision
   * @param decidedAt  when it was decided ({@link System#nanoTime()})
   * @param communication the communication the link belongs to (whose decision it inherited), or null
   */
  public record Record(Link link, DecisionRequest request, Verdict verdict, String inspection,
      AtomicInteger packets, java.util.concurrent.atomic.AtomicBoolean stale, long decidedAt,
      Communication communication) {}

  private final ConnectionTable table;
  private final Map<Link, Record> records = new ConcurrentHashMap<>();

  public LinkRegistry(ConnectionTable table) {
    this.table = table;
  }

  /** The record of {@code link}, or of the link it is a reply of, or null. */
  public Record find(Link link) {
    Record r = records.get(link);
    if (r != null) {
      return r;
    }
    Link reply = new Link(link.tuple().reversed(),
        link.direction() == Direction.OUTBOUND ? Direction.INBOUND : Direction.OUTBOUND);
    return records.get(reply);
  }

  /** Records the decision of a link's first packet (or of a later one that changed it). */
  public Record remember(Link link, DecisionRequest request, Verdict verdict, String inspection, String profileId,
      Communication communication) {
    Record previous = records.get(link);
    Record r = new Record(link, request, verdict, inspection,
        previous != null ? previous.packets() : new AtomicInteger(), new java.util.concurrent.atomic.AtomicBoolean(),
        System.nanoTime(), communication);
    records.put(link, r);
    table.observe(link, 0);
    table.decide(link, verdict, profileId);
    if (inspection != null) {
      table.setState(link, LinkState.INSPECTING);
    }
    return r;
  }

  /**
   * Hands a link back for a new decision: its next packet, in either direction, is decided again
   * as the link it was first seen as.
   */
  public void markStale(Link link) {
    Record r = records.get(link);
    if (r != null) {
      r.stale().set(true);
    }
  }

  /** Drops idle and finished links; returns how many records went with them. */
  public int expire() {
    table.expire();
    int removed = 0;
    for (Link l : new ArrayList<>(records.keySet())) {
      if (table.get(l).isEmpty()) {
        records.remove(l);
        removed++;
      }
    }
    return removed;
  }

  /** Every record, for re-decisions and the monitor. */
  public List<Record> records() {
    return new ArrayList<>(records.values());
  }

  public int size() {
    return records.size();
  }
}
