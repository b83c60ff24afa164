package org.netreeve.daemon.pipeline;

import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import org.netreeve.daemon.connections.ConnectionTable;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.interception.nfqueue.PacketHandler;
import org.netreeve.interception.nfqueue.QueueVerdict;
import org.netreeve.interception.nfqueue.QueuedPacket;
import org.netreeve.interception.packet.IpPacket;
import org.netreeve.net.Link;
import org.netreeve.net.Direction;
import org.netreeve.net.FiveTuple;
import org.netreeve.net.IpProtocol;
import org.netreeve.net.Verdict;
import org.netreeve.process.Attribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet path: finds a queued packet's link, and for a new one runs the stages in order:
 * attribute (the {@link Attributor}), then the decision chain (profile, domain, intel,
 * communication, link, audit), and marks the packet with the verdict (stage "mark"). A link under
 * inspection has its later packets decided at stage packet.
 *
 * <p>Runs on the queue threads, one packet at a time per queue; the chain, the attributor and the
 * registry are thread-safe. Any failure on a packet drops that packet (fail closed) and is
 * counted; the queue goes on.
 */
public final class PacketPipeline implements PacketHandler {

  private static final Logger log = LoggerFactory.getLogger(PacketPipeline.class);
  private static final QueueVerdict ACCEPT_ONCE = QueueVerdict.accept(Verdict.ACCEPT);

  private final DecisionChain chain;
  private final Attributor attributor;
  private final ConnectionTable links;
  private final LongAdder packets = new LongAdder();
  private final LongAdder decided = new LongAdder();
  private final LongAdder networkControl = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder handleNanos = new LongAdder();
  private volatile long nextFailureLog;

  public PacketPipeline(DecisionChain chain, Attributor attributor, ConnectionTable links) {
    this.chain = chain;
    this.attributor = attributor;
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
    if (protocol == IpProtocol.ICMPV6 && isNetworkControl(ip.icmpType())) {
      // Neighbour discovery and multicast listener messages are the network itself: without them
      // IPv6 stops working. They are not connections of any program.
      networkControl.increment();
      return ACCEPT_ONCE;
    }
    FiveTuple tuple = ip.tuple();
    Link link = new Link(tuple, packet.direction());
    ConnectionTable.Entry known = links.find(link);
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
        return remember(known.link(), chain.run(known.request()));
      }
      // Permanent, yet here again: the kernel has forgotten the connection. Either a new
      // connection reuses the 5-tuple (possibly another program's), or a blocked first packet is
      // retransmitted (the kernel keeps no connection for a packet it drops). Both are decided
      // as new; the audit stage does not record a retransmission's same refusal twice.
    }
    boolean outbound = link.direction() == Direction.OUTBOUND;
    InetAddress local = outbound ? tuple.source() : tuple.destination();
    int localPort = outbound ? tuple.sourcePort() : tuple.destinationPort();
    InetAddress remote = outbound ? tuple.destination() : tuple.source();
    int remotePort = outbound ? tuple.destinationPort() : tuple.sourcePort();
    Attribution a = attributor.attribute(protocol, local, localPort, remote, remotePort, outbound,
        packet.hasUid() ? packet.uid() : -1);
    DecisionRequest request = DecisionRequest.builder(Stage.LINK).process(a.process())
        .kernel(a.outcome() == Attribution.Outcome.KERNEL).direction(link.direction()).protocol(protocol)
        .local(local, localPort).remote(remote, remotePort).build();
    Flow flow = DecisionChain.start(request);
    if (known != null) {
      flow.previously(known.verdict(), known.request().process().pid(), known.decidedAt());
    }
    return remember(link, chain.run(flow));
  }

  private QueueVerdict remember(Link link, Flow f) {
    decided.increment();
    links.remember(link, f.request().withDomain(f.domain(), f.cnames(), f.dnsResolved()), f.verdict(),
        f.decision().inspection(), f.profile().getId(), f.communication());
    return mark(f.verdict());
  }

  private QueueVerdict inspect(QueuedPacket packet, IpPacket ip, Link link, ConnectionTable.Entry rec) {
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
    Flow f = chain.run(rec.request().atPacket(facts));
    decided.increment();
    links.remember(rec.link(), rec.request(), f.verdict(), f.decision().inspection(), f.profile().getId(),
        rec.communication());
    return mark(f.verdict());
  }

  /** Stage "mark": the verdict as the packet's mark. */
  static QueueVerdict mark(Verdict v) {
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

}
