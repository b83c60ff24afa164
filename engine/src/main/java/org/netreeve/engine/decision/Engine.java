package org.netreeve.engine.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.FactHandle;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.cache.DecisionKey;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Request;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleIndex;
import org.netreeve.net.Verdict;

/**
 * Runs the rule base and resolves the votes: given the facts of one stage, the rules vote and the
 * {@link VerdictResolver} picks the verdict. Everything else a decision needs (the profile, the
 * domain, intel, the communication a link belongs to, the audit record) is the work of the stages
 * of {@link org.netreeve.engine.flow.DecisionChain}.
 *
 * <p>At stage communication only rules tagged {@code @stage(communication)} run: what they decide
 * holds for every link of the communication. At stage link a decision starts from the
 * communication's votes (inherited); a rule that already voted on the communication does not vote
 * again.
 *
 * <p>Thread rules: {@link #decide} is called concurrently (packet queues, DNS workers); each thread
 * has its own rule session per rule base. Decisions are cached per policy snapshot by their key.
 */
public final class Engine {

  private final ThreadLocal<Worker> workers = new ThreadLocal<>();
  private final LongAdder decisions = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  /**
   * Decides one stage.
   *
   * @param snap      the policy to decide with (its rule base, settings and cache)
   * @param facts     the facts of the stage, made only when the cache does not know the answer
   * @param inherited votes cast before this stage (the communication's, for a link), or empty
   * @param fallback  the verdict when nobody voted
   * @param key       the cache key of these facts, or null to decide without the cache
   */
  public CachedDecision decide(PolicySnapshot snap, Supplier<Request> facts, List<Vote> inherited,
      Verdict fallback, DecisionKey key) {
    long t0 = System.nanoTime();
    CachedDecision cached = key == null ? null : snap.cache().get(key);
    CachedDecision out;
    if (cached != null) {
      out = new CachedDecision(cached.decision().fromCache(System.nanoTime() - t0), cached.refs());
      cacheHits.increment();
    } else {
      Request r = facts.get();
      Stage stage = r.connection().stage();
      Decision d = worker(snap.ruleBase()).decide(r, inherited, fallback,
          new VerdictResolver(snap.config().permanentVerdicts()));
      d = d.withNanos(System.nanoTime() - t0);
      out = new CachedDecision(d, refs(d, snap.ruleBase().index()));
      if (key != null && stage != Stage.PACKET) {
        snap.cache().put(key, out);
      }
    }
    decisions.increment();
    nanos.add(out.decision().decisionNanos());
    return out;
  }

  public long decisions() {
    return decisions.sum();
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  /** Mean decision time in microseconds, over all decisions so far. */
  public double meanMicros() {
    long n = decisions.sum();
    return n == 0 ? 0 : nanos.sum() / 1000.0 / n;
  }

  /** The votes of a decision as audit references, made once per decision (and cached with it). */
  private static CachedDecision.Refs refs(Decision d, RuleIndex index) {
    List<AuditRecord.RuleRef> matched = new ArrayList<>(d.votes().size());
    for (int k = 1; k < d.votes().size(); k++) {
      matched.add(ref(d.votes().get(k), index));
    }
    return new CachedDecision.Refs(ref(d.winner(), index), matched);
  }

  private static AuditRecord.RuleRef ref(Vote v, RuleIndex index) {
    RuleIndex.Location loc = index.locate(v.rulePackage(), v.rule());
    return new AuditRecord.RuleRef(v.rule(), loc == null ? null : loc.file(), loc == null ? 0 : loc.line(),
        v.tier().label(), v.verdict().label(), v.reason());
  }

  private Worker worker(RuleBase ruleBase) {
    Worker w = workers.get();
    if (w == null || w.ruleBase != ruleBase) {
      if (w != null) {
        w.close();
      }
      w = new Worker(ruleBase);
      workers.set(w);
    }
    return w;
  }

  /** Lets only the rules of the communication level fire. */
  private static final AgendaFilter COMMUNICATION_RULES =
      match -> Ballot.ruleStage(match.getRule()) == Stage.COMMUNICATION;

  /** One thread's rule session for one rule base: insert the facts, fire, delete them again. */
  private static final class Worker {
    final RuleBase ruleBase;
    final KieSession session;
    final Ballot ballot = new Ballot();
    final FactHandle[] handles = new FactHandle[8];
    final boolean connection;
    final boolean process;
    final boolean profile;
    final boolean intel;
    final boolean endpoints;
    final boolean policy;
    final boolean packet;

    Worker(RuleBase ruleBase) {
      this.ruleBase = ruleBase;
      this.session = ruleBase.newSession();
      session.setGlobal("ballot", ballot);
      connection = ruleBase.matches("Connection");
      process = ruleBase.matches("ProcessInfo");
      profile = ruleBase.matches("ProfileFact");
      intel = ruleBase.matches("IntelFacts");
      endpoints = ruleBase.matches("EndpointFacts");
      policy = ruleBase.matches("PolicyContext");
      packet = ruleBase.matches("PacketFacts");
    }

    Decision decide(Request r, List<Vote> inherited, Verdict fallback, VerdictResolver resolver) {
      Stage stage = r.connection().stage();
      ballot.reset(stage, inherited);
      // The shipped rules match the one Request fact; the parts are inserted as facts of their
      // own only when user rules match them, and facts that say nothing are left out.
      handles[0] = session.insert(r);
      handles[1] = this.connection ? session.insert(r.connection()) : null;
      handles[2] = this.process ? session.insert(r.process()) : null;
      handles[3] = this.profile ? session.insert(r.profile()) : null;
      handles[4] = this.intel && r.intel() != IntelFacts.NONE ? session.insert(r.intel()) : null;
      handles[5] = this.endpoints && r.endpoints() != EndpointFacts.NO_MATCH ? session.insert(r.endpoints()) : null;
      handles[6] = this.policy ? session.insert(r.policy()) : null;
      handles[7] = this.packet && r.packet() != PacketFacts.NONE ? session.insert(r.packet()) : null;
      try {
        if (stage == Stage.COMMUNICATION) {
          session.fireAllRules(COMMUNICATION_RULES);
        } else {
          session.fireAllRules();
        }
      } finally {
        for (int i = 0; i < handles.length; i++) {
          if (handles[i] != null) {
            session.delete(handles[i]);
            handles[i] = null;
          }
        }
      }
      return resolver.resolve(stage, ballot.votes(), ballot.inspection(), fallback);
    }

    void close() {
      session.dispose();
    }
  }
}
