package org.netreeve.engine.flow;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.facts.Connection;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.process.ProcessInfo;

/**
 * Stage "audit": the one place an audit record is made. Every decision gets one, with a decision
 * id unique in this daemon's life and the revision of the policy it was made with, so that a
 * record can be tied to the exact policy and replayed as a scenario; a link's record names its
 * communication. The record is written unless the flow is quiet (a dry run, or a retransmission
 * already audited).
 */
public final class AuditStage implements FlowStage {

  private final AuditSink sink;
  private final Clock clock;
  private final String idPrefix = String.format("%08x", ThreadLocalRandom.current().nextInt());
  private final AtomicLong ids = new AtomicLong();

  public AuditStage(AuditSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public void apply(Flow f) {
    f.audit = record(f);
    if (!f.quiet && !f.repeatsRefusal()) {
      sink.write(f.audit);
    }
  }

  private AuditRecord record(Flow f) {
    CachedDecision ruling = f.decision;
    Decision d = ruling.decision();
    ProfileFact profile = f.profile;
    ProcessInfo p = f.process;
    Connection c = f.connection;
    IntelFacts i = f.intel;
    List<String> parents = new ArrayList<>(p.parents().size());
    for (ProcessInfo a : p.parents()) {
      parents.add(a.exe());
    }
    Communication comm = f.communication;
    return new AuditRecord(clock.instant(), d.stage().label(), d.requestedStage().label(), d.verdict().label(),
        d.verdict().mark(), ruling.refs().winner(), ruling.refs().matched(), d.reason(),
        new AuditRecord.ProfileRef(profile.getId(), profile.getName(), profile.getFile(), profile.getMatch(),
            profile.getSpecial()),
        new AuditRecord.ProcessRef(p.pid(), p.exe(), p.cmdline(), p.uid(), p.user(), p.container(), parents),
        new AuditRecord.ConnectionRef(Connection.protocolName(c.protocol()), c.direction().label(), c.localIp(),
            c.localPort(), c.remoteIp(), c.remotePort(), c.domain(), c.cnames(), c.queryType(),
            c.remoteIp() == null ? null : c.scope().name().toLowerCase(Locale.ROOT), c.dnsResolved(),
            i.country(), i.continent(), i.asn(), i.asOrganisation(), new ArrayList<>(i.lists()),
            new ArrayList<>(i.categories()),
            c.resolverScope() == null ? null : c.resolverScope().name().toLowerCase(Locale.ROOT)),
        f.level.name().toLowerCase(Locale.ROOT), d.decisionNanos() / 1000.0, d.cached(), d.inspection(),
        idPrefix + "-" + Long.toHexString(ids.incrementAndGet()), f.snapshot.revision(),
        comm == null ? null : new AuditRecord.CommunicationRef(comm.id(), comm.domain(), comm.address()));
  }
}
