package org.netreeve.engine.decision;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.cache.DecisionKey;
import org.netreeve.engine.facts.Connection;
import org.netreeve.net.Direction;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.PolicyContext;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.engine.facts.Protection;
import org.netreeve.engine.facts.Request;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.Verdict;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.ProfileResolver;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleIndex;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.EndpointResult;
import org.netreeve.intel.endpoints.EndpointRule;
import org.netreeve.intel.endpoints.EndpointTarget;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * The decision engine: gathers the facts of a request (profile, scope, intel, endpoint lists,
 * security level), asks the rule base, resolves the votes into a verdict and writes the audit
 * record.
 *
 * <p>Thread rules: {@link #decide} is called concurrently (packet queues, DNS workers); each
 * thread has its own rule session for the current snapshot. The snapshot and the security level
 * are swapped atomically; a decision runs entirely on the snapshot it started with.
 */
public final class Engine {

  private final Clock clock;
  private final AuditSink audit;
  private final ScopeClassifier classifier;
  private final Set<InetSocketAddress> nameservers;
  private volatile PolicySnapshot snapshot;
  private volatile IntelSource intel;
  private volatile SecurityLevel level;
  private final ThreadLocal<Worker> workers = new ThreadLocal<>();
  private final LongAdder decisions = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  /** The result of a decision: the verdict with its explanation and the facts it was made on. */
  public record Outcome(Decision decision, AuditRecord audit, ProfileFact profile, ProcessInfo process,
      Connection connection, IntelFacts intel) {
    public Verdict verdict() {
      return decision.verdict();
    }
  }

  /**
   * @param snapshot    the policy to start with
   * @param intel       where intel comes from
   * @param audit       where audit records go
   * @param classifier  network scope classification
   * @param nameservers the addresses Netreeve's nameserver listens on (their traffic is always allowed)
   * @param clock       time source for audit records
   */
  public Engine(PolicySnapshot snapshot, IntelSource intel, AuditSink audit, ScopeClassifier classifier,
      Set<InetSocketAddress> nameservers, Clock clock) {
    this.snapshot = snapshot;
    this.intel = intel;
    this.audit = audit;
    this.classifier = classifier;
    this.nameservers = Set.copyOf(nameservers);
    this.clock = clock;
    this.level = snapshot.config().level();
  }

  public PolicySnapshot snapshot() {
    return snapshot;
  }

  /** Replaces the policy; decisions already running finish on the old one. */
  public void swap(PolicySnapshot next) {
    this.snapshot = next;
  }

  /** Replaces the intel source (its generation keeps cached decisions apart). */
  public void intel(IntelSource next) {
    this.intel = next;
  }

  public IntelSource intel() {
    return intel;
  }

  /** The global security level. */
  public SecurityLevel level() {
    return level;
  }

  public void level(SecurityLevel next) {
    this.level = next;
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

  /** The profile the current policy gives {@code process} (and the process it is attributed to). */
  public ProfileResolver.Resolution profile(ProcessInfo process, boolean kernel) {
    return snapshot.profiles().resolve(process, kernel);
  }

  /** The audit sink decisions are written to. */
  public AuditSink audit() {
    return audit;
  }

  /** Decides, writes the audit record, and returns both. */
  public Outcome decide(DecisionRequest req) {
    Outcome o = evaluate(req);
    audit.write(o.audit());
    return o;
  }

  /** Decides without writing an audit record (dry runs that print their own). */
  public Outcome evaluate(DecisionRequest req) {
    long t0 = System.nanoTime();
    PolicySnapshot snap = snapshot;
    IntelSource intelSource = intel;
    ProfileResolver.Resolution res = snap.profiles().resolve(req.process(), req.kernel());
    ProfileFact profile = res.profile();
    ProcessInfo process = res.process();
    SecurityLevel global = req.level() != null ? req.level() : level;
    SecurityLevel effective = max(global, profile.getMinimumLevel());
    PolicyConfig cfg = snap.config();
    PolicyContext ctx = context(cfg, global, effective);

    InetAddress remote = req.remoteAddress();
    Scope scope = remote == null ? Scope.INVALID : classifier.classify(remote);
    Scope resolverScope = req.resolverScope();
    String domain = req.domain() == null ? null : normaliseDomain(req.domain());
    List<String> cnames = normalise(req.cnames());
    boolean toNameserver = remote != null && isNameserver(remote, req.remotePort());
    int ipVersion = remote == null ? 0 : remote.getAddress().length == 4 ? 4 : 6;
    Connection conn = new Connection(req.stage(), req.direction(), req.protocol(), ipVersion,
        text(req.localAddress()), req.localPort(), text(remote), req.remotePort(), scope, domain, cnames,
        req.dnsResolved(), toNameserver, resolverScope, req.queryType());

    RuleBase rules = snap.ruleBase();
    boolean cacheable = req.stage() != Stage.PACKET && cfg.cacheSize() > 0;
    DecisionKey key = cacheable ? key(req, conn, profile, process, global, intelSource, rules) : null;
    CachedDecision cached = cacheable ? snap.cache().get(key) : null;
    Decision decision;
    IntelFacts intelFacts;
    EndpointFacts endpointFacts;
    CachedDecision.Refs refs;
    if (cached != null) {
      intelFacts = cached.intel();
      endpointFacts = cached.endpoints();
      refs = cached.refs();
      decision = cached.decision().fromCache(System.nanoTime() - t0);
      cacheHits.increment();
    } else {
      intelFacts = intel(req, conn, profile, ctx, cfg, intelSource);
      endpointFacts = endpoints(conn, profile, cfg, intelFacts, remote);
      PacketFacts packet = req.packet() == null ? PacketFacts.NONE : req.packet();
      Verdict fallback = req.stage().isDns() ? Verdict.ACCEPT : cfg.defaultAction();
      decision = worker(snap).decide(conn, process, profile, intelFacts, endpointFacts, ctx, packet, fallback,
          new VerdictResolver(cfg.permanentVerdicts()));
      decision = decision.withNanos(System.nanoTime() - t0);
      refs = refs(decision, rules.index());
      if (cacheable) {
        snap.cache().put(key, new CachedDecision(decision, intelFacts, endpointFacts, refs));
      }
    }
    decisions.increment();
    nanos.add(decision.decisionNanos());
    AuditRecord record = auditRecord(decision, refs, profile, process, conn, intelFacts, effective);
    return new Outcome(decision, record, profile, process, conn, intelFacts);
  }

  /** The policy contexts of one configuration, one per pair of levels, made once. */
  private record Contexts(PolicyConfig config, PolicyContext[] byLevels) {}

  private volatile Contexts contexts;

  private PolicyContext context(PolicyConfig cfg, SecurityLevel global, SecurityLevel effective) {
    Contexts c = contexts;
    if (c == null || c.config() != cfg) {
      c = new Contexts(cfg, new PolicyContext[SecurityLevel.values().length * SecurityLevel.values().length]);
      contexts = c;
    }
    int i = global.ordinal() * SecurityLevel.values().length + effective.ordinal();
    PolicyContext x = c.byLevels()[i];
    if (x == null) {
      // A benign race: two threads may both make it; they are equal.
      x = new PolicyContext(global, effective, cfg.protectionsAt(effective), cfg.defaultAction());
      c.byLevels()[i] = x;
    }
    return x;
  }

  private DecisionKey key(DecisionRequest req, Connection c, ProfileFact profile, ProcessInfo p,
      SecurityLevel global, IntelSource intelSource, RuleBase rules) {
    Set<String> reads = rules.reads();
    boolean inbound = c.direction() == Direction.INBOUND;
    Object extra = reads.isEmpty() ? null : sensitive(reads, c, p, req);
    return new DecisionKey(c.stage(), c.direction(), c.protocol(), c.remoteIp(), c.remotePort(),
        inbound ? c.localPort() : 0, c.domain(), c.cnames(), c.dnsResolved(), c.resolverScope(), c.queryType(),
        profile.getId(), profile.getMatch(), p.uid(), p.exe(), global, intelSource.generation(), req.intel(),
        req.kernel(), extra);
  }

  private static Object sensitive(Set<String> reads, Connection c, ProcessInfo p, DecisionRequest req) {
    List<Object> parts = new ArrayList<>(4);
    for (String r : reads) {
      switch (r) {
        case "localPort" -> parts.add(c.localPort());
        case "localIp" -> parts.add(c.localIp());
        case "pid", "ppid", "startTime" -> {
          parts.add(p.pid());
          parts.add(p.startTime());
        }
        case "cmdline", "args" -> parts.add(p.cmdline());
        case "parents" -> parts.add(p.parents());
        case "cgroup", "container" -> parts.add(p.cgroup());
        case "user" -> parts.add(p.user());
        default -> parts.add(req.packet());
      }
    }
    return parts;
  }

  private IntelFacts intel(DecisionRequest req, Connection c, ProfileFact profile, PolicyContext ctx,
      PolicyConfig cfg, IntelSource source) {
    Set<String> selection = profile.getFilterLists() != null ? profile.getFilterLists()
        : cfg.filterLists().getOrDefault(ctx.level(), Set.of());
    if (req.intel() != null) {
      DecisionRequest.IntelOverride o = req.intel();
      Set<String> lists = new TreeSet<>(o.lists());
      Set<String> categories = new TreeSet<>(o.categories());
      Set<String> blocking = new TreeSet<>();
      for (String l : o.lists()) {
        if (selects(selection, l, null)) {
          blocking.add(l);
        }
      }
      for (String cat : o.categories()) {
        if (selects(selection, cat, cat)) {
          blocking.add(o.lists().isEmpty() ? cat : o.lists().get(0));
        }
      }
      String named = blocking.isEmpty() ? null : c.domain() != null ? c.domain() : c.remoteIp();
      return new IntelFacts(lists, categories, blocking, named, o.country(), o.continent(), o.asn(),
          o.asOrganisation());
    }
    if (c.domain() == null && req.remoteAddress() == null) {
      return IntelFacts.NONE;
    }
    IntelSource.IntelLookup l = source.lookup(c.domain(), c.cnames(), req.remoteAddress());
    if (l.lists().isEmpty() && l.country() == null && l.asn() == 0) {
      return IntelFacts.NONE;
    }
    Set<String> lists = new TreeSet<>();
    Set<String> categories = new TreeSet<>();
    Set<String> blocking = new TreeSet<>();
    String named = null;
    for (Map.Entry<String, IntelSource.ListHit> e : l.lists().entrySet()) {
      lists.add(e.getKey());
      String cat = e.getValue().category();
      if (cat != null) {
        categories.add(cat);
      }
      if (selects(selection, e.getKey(), cat)) {
        blocking.add(e.getKey());
        if (named == null) {
          named = e.getValue().name();
        }
      }
    }
    return new IntelFacts(lists, categories, blocking, named, l.country(), l.continent(), l.asn(),
        l.asOrganisation());
  }

  private static boolean selects(Set<String> selection, String list, String category) {
    for (String s : selection) {
      if (s.equalsIgnoreCase(list) || (category != null && s.equalsIgnoreCase(category))) {
        return true;
      }
    }
    return false;
  }

  private EndpointFacts endpoints(Connection c, ProfileFact profile, PolicyConfig cfg, IntelFacts intelFacts,
      InetAddress remote) {
    EndpointList own = c.isInbound() ? profile.getIncoming() : profile.getOutgoing();
    EndpointList global = c.isInbound() ? cfg.incoming() : cfg.endpoints();
    if (own == EndpointList.EMPTY && global == EndpointList.EMPTY) {
      return EndpointFacts.NO_MATCH;
    }
    Set<String> lists = new HashSet<>(intelFacts.lists());
    lists.addAll(intelFacts.categories());
    EndpointTarget target = new EndpointTarget(c.domain(), c.cnames(), remote, c.protocol(), c.remotePort(),
        c.localPort(), remote == null ? null : c.scope(), intelFacts.country(), intelFacts.continent(),
        intelFacts.asn(), lists);
    EndpointFacts f = endpointFacts("profile", own.match(target));
    if (f.result() != EndpointFacts.Result.NO_MATCH) {
      return f;
    }
    return endpointFacts("global", global.match(target));
  }

  private static EndpointFacts endpointFacts(String list, EndpointResult r) {
    EndpointRule rule = r.rule();
    EndpointFacts.Result result = switch (r.decision()) {
      case PERMIT -> EndpointFacts.Result.PERMIT;
      case DENY -> EndpointFacts.Result.DENY;
      case NO_MATCH -> EndpointFacts.Result.NO_MATCH;
      case UNDETERMINED -> EndpointFacts.Result.UNDECIDED;
    };
    if (rule == null) {
      return result == EndpointFacts.Result.NO_MATCH ? EndpointFacts.NO_MATCH
          : new EndpointFacts(result, list, null, null, 0);
    }
    return new EndpointFacts(result, list, rule.text(), rule.file(), rule.line());
  }

  /** The votes of a decision as audit references. */
  private static CachedDecision.Refs refs(Decision d, RuleIndex index) {
    List<AuditRecord.RuleRef> matched = new ArrayList<>(d.votes().size());
    for (int k = 1; k < d.votes().size(); k++) {
      matched.add(ref(d.votes().get(k), index));
    }
    return new CachedDecision.Refs(ref(d.winner(), index), matched);
  }

  private AuditRecord auditRecord(Decision d, CachedDecision.Refs refs, ProfileFact profile, ProcessInfo p,
      Connection c, IntelFacts i, SecurityLevel effective) {
    List<AuditRecord.RuleRef> matched = refs.matched();
    List<String> parents = new ArrayList<>(p.parents().size());
    for (ProcessInfo a : p.parents()) {
      parents.add(a.exe());
    }
    return new AuditRecord(clock.instant(), d.stage().label(), d.requestedStage().label(), d.verdict().label(),
        d.verdict().mark(), refs.winner(), matched, d.reason(),
        new AuditRecord.ProfileRef(profile.getId(), profile.getName(), profile.getFile(), profile.getMatch()),
        new AuditRecord.ProcessRef(p.pid(), p.exe(), p.cmdline(), p.uid(), p.user(), p.container(), parents),
        new AuditRecord.ConnectionRef(Connection.protocolName(c.protocol()), c.direction().label(), c.localIp(),
            c.localPort(), c.remoteIp(), c.remotePort(), c.domain(), c.cnames(), c.queryType(),
            c.remoteIp() == null ? null : c.scope().name().toLowerCase(Locale.ROOT), c.dnsResolved(),
            i.country(), i.continent(), i.asn(), i.asOrganisation(), new ArrayList<>(i.lists())),
        effective.name().toLowerCase(Locale.ROOT), d.decisionNanos() / 1000.0, d.cached(), d.inspection());
  }

  private static AuditRecord.RuleRef ref(Vote v, RuleIndex index) {
    RuleIndex.Location loc = index.locate(v.rulePackage(), v.rule());
    return new AuditRecord.RuleRef(v.rule(), loc == null ? null : loc.file(), loc == null ? 0 : loc.line(),
        v.tier().label(), v.verdict().label(), v.reason());
  }

  private boolean isNameserver(InetAddress a, int port) {
    if (port != 53) {
      return false;
    }
    for (InetSocketAddress ns : nameservers) {
      if (ns.getPort() == port && ns.getAddress().equals(a)) {
        return true;
      }
    }
    return false;
  }

  private Worker worker(PolicySnapshot snap) {
    Worker w = workers.get();
    if (w == null || w.ruleBase != snap.ruleBase()) {
      if (w != null) {
        w.close();
      }
      w = new Worker(snap.ruleBase());
      workers.set(w);
    }
    return w;
  }

  private static SecurityLevel max(SecurityLevel a, SecurityLevel b) {
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** An address as people write it: IPv6 in its shortest form (RFC 5952), without a zone. */
  public static String text(InetAddress a) {
    return IpLiteral.text(a);
  }

  static String normaliseDomain(String d) {
    boolean clean = !d.isEmpty() && d.charAt(d.length() - 1) != '.';
    for (int i = 0; clean && i < d.length(); i++) {
      char c = d.charAt(i);
      clean = !(c >= 'A' && c <= 'Z') && c > ' ';
    }
    if (clean) {
      return d;
    }
    String s = d.trim().toLowerCase(Locale.ROOT);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static List<String> normalise(List<String> names) {
    if (names.isEmpty()) {
      return names;
    }
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(normaliseDomain(n));
    }
    return out;
  }

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

    Decision decide(Connection c, ProcessInfo p, ProfileFact profile, IntelFacts intel, EndpointFacts endpoints,
        PolicyContext ctx, PacketFacts packet, Verdict fallback, VerdictResolver resolver) {
      ballot.reset(c.stage());
      // The shipped rules match the one Request fact; the parts are inserted as facts of their
      // own only when user rules match them, and facts that say nothing are left out.
      handles[0] = session.insert(new Request(c, p, profile, intel, endpoints, ctx, packet));
      handles[1] = this.connection ? session.insert(c) : null;
      handles[2] = this.process ? session.insert(p) : null;
      handles[3] = this.profile ? session.insert(profile) : null;
      handles[4] = this.intel && intel != IntelFacts.NONE ? session.insert(intel) : null;
      handles[5] = this.endpoints && endpoints != EndpointFacts.NO_MATCH ? session.insert(endpoints) : null;
      handles[6] = this.policy ? session.insert(ctx) : null;
      handles[7] = this.packet && packet != PacketFacts.NONE ? session.insert(packet) : null;
      try {
        session.fireAllRules();
      } finally {
        for (int i = 0; i < handles.length; i++) {
          if (handles[i] != null) {
            session.delete(handles[i]);
            handles[i] = null;
          }
        }
      }
      return resolver.resolve(c.stage(), ballot.votes(), ballot.inspection(), fallback);
    }

    void close() {
      session.dispose();
    }
  }
}
