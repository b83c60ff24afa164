package org.netreeve.daemon.connections;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.flow.Communication;
import org.netreeve.net.Link;
import org.netreeve.net.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of connection state: every link the firewall decided (its 5-tuple and direction,
 * the request it was decided on, the verdict, its communication, whether it is inspected), bounded
 * in size and forgetting idle links. It also owns what follows from a verdict changing: after a
 * policy reload or a change of security level {@link #redecide} decides the links the kernel
 * handles on its own again and, for each whose verdict would now differ, has the {@link Enforcer}
 * hand it back (conntrack mark cleared, an open TCP socket that is now refused aborted) and marks
 * it stale, so its next packet is decided and audited anew. The API reads it through
 * {@link ConnectionView}.
 *
 * <p>Thread rules: any thread; the queue threads look up and remember, the maintenance timer
 * expires, a reload re-decides. One lock guards the map; no I/O happens under it.
 */
public final class ConnectionTable implements ConnectionView {

  private static final Logger log = LoggerFactory.getLogger(ConnectionTable.class);

  /**
   * What a link was decided on and how.
   *
   * @param link          the link as first seen (its direction is who opened it)
   * @param request       the decision request of its first packet, with the domain the flow found
   * @param verdict       the verdict applied
   * @param inspection    what inspection keeps it in user space for, or null
   * @param profileId     the profile it was decided with
   * @param communication the communication whose decision it inherited, or null
   * @param packets       packets of it decided at stage packet
   * @param stale         set when a policy or level change handed it back for a new decision
   * @param decidedAt     when it was decided ({@link System#nanoTime()})
   * @param firstSeen     when it was first decided
   * @param lastSeen      when one of its packets was last decided
   */
  public record Entry(Link link, DecisionRequest request, Verdict verdict, String inspection, String profileId,
      Communication communication, AtomicInteger packets, AtomicBoolean stale, long decidedAt, Instant firstSeen,
      Instant lastSeen) {}

  private final int capacity;
  private final Duration idleTimeout;
  private final Clock clock;
  private final Enforcer enforcer;
  /** Access-ordered: iteration starts at the least recently used link. Guarded by {@code this}. */
  private final LinkedHashMap<Link, Entry> links = new LinkedHashMap<>(256, 0.75f, true);
  private long evictions;
  private long expirations;

  /**
   * @param capacity    the most links kept; past it the least recently used is forgotten (an evicted
   *                    permanent link stays enforced by the kernel; another one is decided anew)
   * @param idleTimeout how long a link no packet asked about is kept
   * @param enforcer    hands changed links back to user space
   */
  public ConnectionTable(int capacity, Duration idleTimeout, Clock clock, Enforcer enforcer) {
    if (capacity < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("capacity must be at least 1 and the idle timeout positive");
    }
    this.capacity = capacity;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
    this.enforcer = enforcer;
  }

  /** The entry of {@code link}, or of the link it is a reply of, or null. */
  public Entry find(Link link) {
    synchronized (this) {
      Entry e = links.get(link);
      if (e != null) {
        return e;
      }
      return links.get(new Link(link.tuple().reversed(), link.direction().opposite()));
    }
  }

  /** Records the decision of a link's first packet (or of a later one that changed it). */
  public Entry remember(Link link, DecisionRequest request, Verdict verdict, String inspection, String profileId,
      Communication communication) {
    Instant now = clock.instant();
    synchronized (this) {
      Entry previous = links.get(link);
      if (previous == null && links.size() >= capacity) {
        makeRoom(now);
      }
      Entry e = new Entry(link, request, verdict, inspection, profileId, communication,
          previous != null ? previous.packets() : new AtomicInteger(), new AtomicBoolean(), System.nanoTime(),
          previous != null ? previous.firstSeen() : now, now);
      links.put(link, e);
      return e;
    }
  }

  /**
   * Decides every permanent link again with {@code decide} (the daemon's chain, run quietly: the new
   * decision is audited when the link's next packet comes); each whose verdict would now differ is
   * handed back to user space and marked stale. Returns how many were handed back.
   */
  public int redecide(String why, Function<DecisionRequest, Verdict> decide) {
    int changed = 0;
    int checked = 0;
    for (Entry e : entries()) {
      if (!e.verdict().isPermanent() || e.inspection() != null || e.stale().get()) {
        continue;
      }
      checked++;
      Verdict now;
      try {
        now = decide.apply(e.request());
      } catch (RuntimeException ex) {
        log.warn("re-deciding {} failed: {}", e.link(), ex.toString());
        continue;
      }
      if (now == e.verdict()) {
        continue;
      }
      // Stale before the kernel hears of it: the packet an aborted socket sends at once must find
      // the link handed back, or it would be decided as a new connection of nobody.
      e.stale().set(true);
      try {
        enforcer.handBack(e.link(), e.request(), !now.allows());
        changed++;
      } catch (Exception ex) {
        e.stale().set(false);
        log.warn("handing {} back failed: {}", e.link(), ex.toString());
      }
    }
    if (changed > 0) {
      log.info("{}: {} of {} connections will be decided again", why, changed, checked);
    }
    return changed;
  }

  /** Forgets links idle past the idle timeout; returns how many. */
  public int expire() {
    Instant now = clock.instant();
    synchronized (this) {
      return expire(now);
    }
  }

  private int expire(Instant now) {
    int removed = 0;
    for (Iterator<Entry> it = links.values().iterator(); it.hasNext(); ) {
      if (Duration.between(it.next().lastSeen(), now).compareTo(idleTimeout) >= 0) {
        it.remove();
        removed++;
      }
    }
    expirations += removed;
    return removed;
  }

  private void makeRoom(Instant now) {
    if (expire(now) > 0 && links.size() < capacity) {
      return;
    }
    Iterator<Map.Entry<Link, Entry>> it = links.entrySet().iterator();
    if (it.hasNext()) {
      it.next();
      it.remove();
      evictions++;
    }
  }

  /** Every entry, least recently used first. */
  public List<Entry> entries() {
    synchronized (this) {
      return new ArrayList<>(links.values());
    }
  }

  @Override
  public List<Row> connections(int limit) {
    List<Row> out = new ArrayList<>();
    for (Entry e : entries()) {
      if (out.size() >= limit) {
        break;
      }
      Communication c = e.communication();
      out.add(new Row(e.link().tuple().toString(), e.link().direction(), e.verdict(), e.request().process().describe(),
          e.request().domain(), e.inspection(), c == null ? null : c.id(), e.stale().get()));
    }
    return out;
  }

  @Override
  public synchronized int size() {
    return links.size();
  }

  public synchronized long evictions() {
    return evictions;
  }

  public synchronized long expirations() {
    return expirations;
  }
}
