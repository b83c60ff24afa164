package org.netreeve.daemon.pipeline;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.netreeve.dns.memory.DomainMemory;
import org.netreeve.dns.memory.RememberedDomain;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.ProfileResolver;
import org.netreeve.interception.nfqueue.PacketHandler;
import org.netreeve.interception.nfqueue.QueuedPacket;
import org.netreeve.interception.nfqueue.QueueVerdict;
import org.netreeve.net.Direction;
import org.netreeve.net.FiveTuple;
import org.netreeve.interception.packet.IpPacket;
import org.netreeve.interception.table.Link;
import org.netreeve.process.Attribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journey of a queued packet: find its link, attribute the process, recall the domain the
 * process resolved, decide with the engine (stage link, or stage packet while a link is
 * inspected), and answer the kernel with the verdict's mark.
 *
 * <p>Runs on the queue threads, one packet at a time per queue; the engine, the attributor and
 * the registry are thread-safe. Any failure on a packet drops that packet (fail closed) and is
 * counted; the queue goes on.
 */
public final class PacketPipeline implements PacketHandler {

  private static final Logger log = LoggerFactory.getLogger(PacketPipeline.class);
  private static final QueueVerdict ACCEPT_ONCE = QueueVerdict.accept(org.netreeve.net.Verdict.ACCEPT);

  private final Engine engine;
  private final Attributor attributor;
  private final DomainMemory memory;
  private final LinkRegistry links;
  private final LongAdder packets = new LongAdder();
  private final LongAdder decided = new LongAdder();
  private final LongAdder networkControl = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder handleNanos = new LongAdder();
  private volatile long nextFailureLog;

  /**
   * @param memory the DNS server's IP-to-domain memory, or null when Netreeve runs without DNS
   */
  public PacketPipeline(Engine engine, Attributor attributor, DomainMemory memory, LinkRegistry links) {
    this.engine = engine;
    this.attributor = attributor;
    this.memory = memory;
    this.links = links;
  }

  @Override
  public QueueVerdict handle(QueuedPacket packet) {
    packets.increment();
    long t0 = System.nanoTime();
    try {
      return decide(packet);
    } catch (RuntimeException | Error e) {
      failures.increment();
      long now = System.nanoTime();
      if (now > nextFailureLog) {
        nextFailureLog = now + 10_000_000_000L;
        log.error("deciding a packet failed; it was dropped ({} so far): {}", failures.sum(), e.toString(), e);
      }
      return QueueVerdict.DROP;
    } finally {
      handleNanos.add(System.nanoTime() - t0);
    }
  }

  /** Mean time to handle one queued packet, in microseconds. */
  public double meanMicros() {
    long n = packets.sum();
    return n == 0 ? 0 : handleNanos.sum() / 1000.0 / n;
  }

  private QueueVerdict decide(QueuedPacket packet) {
    IpPacket ip = packet.ip();
    int protocol = ip.protocol();
    if (protocol == 58 && isNetworkControl(ip.icmpType())) {
      // Neighbour discovery and multicast listener messages are the network itself: without them
      // IPv6 stops working. They are not connections of any program.
      networkControl.increment();
      return ACCEPT_ONCE;
    }
    FiveTuple tuple = ip.tuple();
    Link link = new Link(tuple, packet.direction());
    LinkRegistry.Record known = links.find(link);
    if (known != null) {
      if (known.inspection() != null) {
        return inspect(packet, ip, link, known);
      }
      if (!known.verdict().isPermanent()) {
        // A per-packet verdict: the link's later packets get the same answer.
        return mark(known.verdict());
      }
      if (known.stale().get()) {
        // Handed back after a policy or level change: decide the same connection of the same
        // process again (its socket may already be gone), whichever direction this packet goes.
        Engine.Outcome again = engine.decide(known.request());
        decided.increment();
        links.remember(known.link(), known.request(), again.verdict(), again.decision().inspection(),
            again.profile().getId());
        return mark(again.verdict());
      }
      // Permanent, yet here again: the kernel has forgotten the connection. Either a new
      // connection reuses the 5-tuple (possibly another program's), or a blocked first packet is
      // retransmitted (the kernel keeps no connection for a packet it drops). Both are decided
      // as new; a retransmission that gets the same refusal is not audited twice.
    }
    boolean outbound = link.direction() == Direction.OUTBOUND;
    InetAddress local = outbound ? tuple.source() : tuple.destination();
    int localPort = outbound ? tuple.sourcePort() : tuple.destinationPort();
    InetAddress remote = outbound ? tuple.destination() : tuple.source();
    int remotePort = outbound ? tuple.destinationPort() : tuple.sourcePort();
    Attribution a = attributor.attribute(protocol, local, localPort, remote, remotePort, outbound,
        packet.hasUid() ? packet.uid() : -1);
    boolean kernel = a.outcome() == Attribution.Outcome.KERNEL;
    DecisionRequest.Builder b = DecisionRequest.builder(Stage.LINK).process(a.process()).kernel(kernel)
        .direction(outbound ? org.netreeve.net.Direction.OUTBOUND
            : org.netreeve.net.Direction.INBOUND)
        .protocol(protocol).local(local, localPort).remote(remote, remotePort);
    if (memory != null && outbound) {
      ProfileResolver.Resolution r = engine.profile(a.process(), kernel);
      Optional<RememberedDomain> d = memory.lookup(r.profile().getId(), remote);
      if (d.isPresent()) {
        b.domain(d.get().domain()).cnames(d.get().cnameChain()).dnsResolved(true);
      }
    }
    DecisionRequest request = b.build();
    Engine.Outcome o = engine.evaluate(request);
    boolean retransmission = known != null && known.verdict() == o.verdict() && !o.verdict().allows()
        && known.request().process().pid() == a.process().pid()
        && System.nanoTime() - known.decidedAt() < RETRANSMISSION_NANOS;
    if (!retransmission) {
      engine.audit().write(o.audit());
    }
    decided.increment();
    links.remember(link, request, o.verdict(), o.decision().inspection(), o.profile().getId());
    return mark(o.verdict());
  }

  /** How long a refused first packet seen again counts as a retransmission, not a new connection. */
  private static final long RETRANSMISSION_NANOS = 10_000_000_000L;

  private QueueVerdict inspect(QueuedPacket packet, IpPacket ip, Link link, LinkRegistry.Record rec) {
    if (!link.equals(rec.link())) {
      // Replies pass while the initiator's side is inspected.
      return ACCEPT_ONCE;
    }
    int index = rec.packets().incrementAndGet() + 1;
    int offset = ip.payloadOffset();
    int length = ip.payloadLength();
    PacketFacts facts = TlsInspector.inspect(index, new TlsInspector.Bytes() {
      @Override
      public int length() {
        return length;
      }

      @Override
      public int at(int i) {
        return packet.payloadByte(offset + i) & 0xff;
      }
    });
    DecisionRequest request = rec.request().atPacket(facts);
    Engine.Outcome o = engine.decide(request);
    decided.increment();
    links.remember(rec.link(), rec.request(), o.verdict(), o.decision().inspection(), o.profile().getId());
    return mark(o.verdict());
  }

  static QueueVerdict mark(org.netreeve.net.Verdict v) {
    return QueueVerdict.accept(v);
  }

  /** ICMPv6 router/neighbour discovery (133-137) and multicast listener messages (130-132, 143). */
  static boolean isNetworkControl(int icmpv6Type) {
    return (icmpv6Type >= 130 && icmpv6Type <= 137) || icmpv6Type == 143;
  }

  public long packets() {
    return packets.sum();
  }

  public long decided() {
    return decided.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public long networkControl() {
    return networkControl.sum();
  }

  /** For the monitor: the links known now. */
  public List<LinkRegistry.Record> links() {
    return links.records();
  }
}
