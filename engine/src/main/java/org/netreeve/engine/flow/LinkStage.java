package org.netreeve.engine.flow;

import java.util.List;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.facts.Connection;
import org.netreeve.engine.facts.Stage;

/**
 * Stage "link decision": a first packet is decided at stage link, on everything known about the
 * link (addresses, ports, protocol, scope, intel, the endpoint lists), starting from the votes its
 * communication was decided with. A later packet of a connection under inspection is decided at
 * stage packet. At the DNS stages and at stage communication the decision is already made.
 */
public final class LinkStage implements FlowStage {

  private final Engine engine;

  public LinkStage(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void apply(Flow f) {
    Stage s = f.request().stage();
    if (s != Stage.LINK && s != Stage.PACKET) {
      return;
    }
    Connection c = Facts.full(f, s);
    f.connection = c;
    // The endpoint lists are matched only when the decision cache does not know the answer.
    f.decision = engine.decide(f.snapshot, () -> Facts.request(f, c, f.intel, f.endpoints = Facts.endpoints(f, c,
        f.intel)),
        s == Stage.LINK && f.communication != null ? f.communication.votes() : List.of(), Facts.fallback(f),
        Facts.key(f, c));
  }
}
