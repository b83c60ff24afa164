package org.netreeve.engine.flow;

import java.util.List;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.Connection;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.PolicyContext;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.net.Verdict;
import org.netreeve.net.scope.Scope;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * The one value that travels through the stages of a {@link DecisionChain}: it starts as the
 * question (a {@link DecisionRequest}: this process, this connection or DNS query, at this stage)
 * and each stage adds what it found, in order: the profile and the security level it applies at;
 * the domain behind the remote address; the scope and intel; the communication and its votes; the
 * decision; the audit record. A stage reads what earlier stages added and never computes it again.
 *
 * <p>Thread rules: a flow belongs to the thread that runs its chain.
 */
public final class Flow {

  private final DecisionRequest request;
  private final long startNanos = System.nanoTime();

  // ProfileStage
  PolicySnapshot snapshot;
  IntelSource intelSource;
  ProfileFact profile;
  ProcessInfo process;
  SecurityLevel globalLevel;
  SecurityLevel level;
  PolicyContext policy;
  // DomainStage
  String domain;
  List<String> cnames = List.of();
  boolean dnsResolved;
  // IntelStage
  Scope scope = Scope.INVALID;
  boolean toNameserver;
  boolean toNameserverAddress;
  IntelFacts intel = IntelFacts.NONE;
  IntelFacts entityIntel = IntelFacts.NONE;
  // CommunicationStage
  Communication communication;
  // the deciding stage (communication at the DNS stages, link or packet otherwise)
  Connection connection;
  EndpointFacts endpoints = EndpointFacts.NO_MATCH;
  CachedDecision decision;
  // AuditStage
  AuditRecord audit;
  boolean quiet;
  private Verdict previousVerdict;
  private int previousPid;
  private long previousNanos;

  Flow(DecisionRequest request) {
    this.request = request;
    this.process = request.process();
    this.domain = request.domain();
    this.cnames = request.cnames();
    this.dnsResolved = request.dnsResolved();
  }

  /** What was asked. */
  public DecisionRequest request() {
    return request;
  }

  /** The policy the flow is decided with. */
  public PolicySnapshot snapshot() {
    return snapshot;
  }

  /** The profile applied. */
  public ProfileFact profile() {
    return profile;
  }

  /** The process the connection is attributed to (its parent after merge-with-parent). */
  public ProcessInfo process() {
    return process;
  }

  /** The security level that applies to this flow (the global one or the profile's minimum). */
  public SecurityLevel level() {
    return level;
  }

  /** The domain of the connection (the query name, or the name its address was resolved from), or null. */
  public String domain() {
    return domain;
  }

  public List<String> cnames() {
    return cnames;
  }

  /** Whether the remote address was learned from an answer of Netreeve's nameserver. */
  public boolean dnsResolved() {
    return dnsResolved;
  }

  /** The communication a first packet belongs to, or null (DNS stages, stage packet). */
  public Communication communication() {
    return communication;
  }

  /** The facts the decision was made on. */
  public Connection connection() {
    return connection;
  }

  public IntelFacts intel() {
    return intel;
  }

  /** The decision of the flow's stage. */
  public Decision decision() {
    return decision.decision();
  }

  /** The decision with its audit references. */
  public CachedDecision ruling() {
    return decision;
  }

  public Verdict verdict() {
    return decision.decision().verdict();
  }

  /** The audit record, once the audit stage has run. */
  public AuditRecord audit() {
    return audit;
  }

  /** Whether the audit stage only builds the record and does not write it. */
  public boolean quiet() {
    return quiet;
  }

  /** Keeps the audit record out of the log (a dry run, or a retransmission already audited). */
  public void quiet(boolean q) {
    this.quiet = q;
  }

  /**
   * What the same 5-tuple was decided as before, when the kernel asks about it again: the audit
   * stage does not record a refused first packet's retransmission a second time.
   *
   * @param verdict        the verdict it got
   * @param pid            the process it was attributed to
   * @param decidedAtNanos when ({@link System#nanoTime()})
   */
  public void previously(Verdict verdict, int pid, long decidedAtNanos) {
    this.previousVerdict = verdict;
    this.previousPid = pid;
    this.previousNanos = decidedAtNanos;
  }

  /** How long a refused first packet seen again counts as a retransmission, not a new connection. */
  private static final long RETRANSMISSION_NANOS = 10_000_000_000L;

  /** True when this flow repeats a refusal of the same process's same first packet moments ago. */
  boolean repeatsRefusal() {
    Verdict v = verdict();
    return previousVerdict != null && previousVerdict == v && !v.allows()
        && previousPid == request.process().pid() && startNanos - previousNanos < RETRANSMISSION_NANOS;
  }

  /** When the flow started ({@link System#nanoTime()}). */
  long startNanos() {
    return startNanos;
  }
}
