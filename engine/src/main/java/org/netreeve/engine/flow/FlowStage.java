package org.netreeve.engine.flow;

/**
 * One named step of a {@link DecisionChain}: it reads what earlier stages put on the {@link Flow}
 * and adds its own finding. A stage may be a no-op for flows it has nothing to do with (the domain
 * stage for DNS queries, the link stage at the DNS stages).
 */
@FunctionalInterface
public interface FlowStage {

  /** Adds this stage's finding to {@code flow}. */
  void apply(Flow flow);
}
