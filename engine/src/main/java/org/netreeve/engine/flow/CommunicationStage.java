package org.netreeve.engine.flow;

import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.facts.Connection;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.address.IpLiteral;

/**
 * Stage "communication decision". For the first packet of a connection: finds its
 * {@link Communication} (this process and profile with this domain, or this address when there is
 * no domain) and decides it once, at stage communication, with the rules tagged
 * {@code @stage(communication)}; its links inherit that decision. At the DNS stages (before-intel,
 * after-intel) the query is a communication decided before there is a link: this stage makes the
 * flow's decision. At stage packet it does nothing.
 */
public final class CommunicationStage implements FlowStage {

  private final Engine engine;
  private final Communications communications;

  public CommunicationStage(Engine engine, Communications communications) {
    this.engine = engine;
    this.communications = communications;
  }

  @Override
  public void apply(Flow f) {
    Stage s = f.request().stage();
    if (s.isDns()) {
      Connection c = Facts.full(f, s);
      f.connection = c;
      f.decision = engine.decide(f.snapshot,
          () -> Facts.request(f, c, f.intel, f.endpoints = Facts.endpoints(f, c, f.intel)), java.util.List.of(),
          Facts.fallback(f), Facts.key(f, c));
      return;
    }
    if (s == Stage.PACKET) {
      return;
    }
    boolean byDomain = f.domain != null;
    String entity = byDomain ? f.domain : IpLiteral.text(f.request().remoteAddress());
    Communication c = communications.find(new Communication.Key(f.process.pid(), f.process.startTime(),
        f.profile.getId(), f.request().direction(), entity), byDomain);
    long intelGeneration = f.intelSource.generation();
    CachedDecision d = c.current(f.snapshot.generation(), f.globalLevel, intelGeneration);
    Connection facts = Facts.communication(f);
    if (d == null) {
      d = engine.decide(f.snapshot, () -> Facts.request(f, facts, f.entityIntel, EndpointFacts.NO_MATCH),
          java.util.List.of(), Facts.fallback(f), Facts.key(f, facts));
      c.decided(d, f.snapshot.generation(), f.globalLevel, intelGeneration);
    }
    f.communication = c;
    if (s == Stage.COMMUNICATION) {
      f.connection = facts;
      f.intel = f.entityIntel;
      f.decision = d;
    }
  }
}
