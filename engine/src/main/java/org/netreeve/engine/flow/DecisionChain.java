package org.netreeve.engine.flow;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * The named stages one connection or DNS query passes, in order: attribute (done by whoever asks:
 * the packet path, the nameserver) → profile → domain → intel → communication decision → link
 * decision → audit → mark (the packet path's answer to the kernel). The packet path, the DNS path,
 * re-decisions, {@code netreeve decide} and {@code netreeve test} run a chain of the same stages;
 * only the composition root (the daemon) and the dry runs choose which implementations go in.
 *
 * <p>Immutable and thread-safe when its stages are.
 */
public final class DecisionChain {

  /** Where Netreeve's nameserver listens by default: its traffic is always allowed. */
  public static final Set<InetSocketAddress> LOCAL_NAMESERVERS =
      Set.of(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("::1", 53));

  private final FlowStage[] stages;

  public DecisionChain(List<FlowStage> stages) {
    this.stages = stages.toArray(new FlowStage[0]);
  }

  /** A new flow for {@code request}, to be prepared by the caller and then {@link #run(Flow) run}. */
  public static Flow start(DecisionRequest request) {
    return new Flow(request);
  }

  /** Runs every stage on a new flow for {@code request}. */
  public Flow run(DecisionRequest request) {
    return run(new Flow(request));
  }

  /** Runs every stage on a new flow for {@code request} without writing its audit record. */
  public Flow runQuietly(DecisionRequest request) {
    Flow f = new Flow(request);
    f.quiet(true);
    return run(f);
  }

  /** Runs every stage on {@code flow}. */
  public Flow run(Flow flow) {
    for (FlowStage s : stages) {
      s.apply(flow);
    }
    return flow;
  }

  /**
   * The chain of a dry run (decide, test, re-decisions): no remembered domains, no communications
   * kept between flows, and audit records built but not written.
   *
   * @param nameservers the addresses Netreeve's nameserver listens on
   */
  public static DecisionChain dryRun(PolicyState policy, Engine engine, Set<InetSocketAddress> nameservers,
      Clock clock) {
    return new DecisionChain(List.of(
        new ProfileStage(policy),
        new DomainStage(DomainLookup.NONE),
        new IntelStage(ScopeClassifier.DEFAULT, nameservers),
        new CommunicationStage(engine, Communications.none()),
        new LinkStage(engine),
        new AuditStage(AuditSink.NONE, clock)));
  }
}
