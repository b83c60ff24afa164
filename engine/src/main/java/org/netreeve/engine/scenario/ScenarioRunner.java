package org.netreeve.engine.scenario;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.facts.Verdict;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.policy.PolicyException;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.intel.scope.ScopeClassifier;

/**
 * Runs scenario files against their policies. A policy directory is loaded once per run and
 * shared by the scenario files that test it.
 */
public final class ScenarioRunner {

  private final PolicyLoader loader;
  private final Function<Path, IntelSource> intel;
  private final Clock clock;
  private final Map<Path, Object> policies = new HashMap<>();

  /**
   * @param loader loads policy directories (use match options with
   *               {@link ScenarioReader#SELF_PID} as Netreeve's own pid)
   * @param intel  the intel source for a policy directory (cases may state their own intel)
   * @param clock  time for audit records
   */
  public ScenarioRunner(PolicyLoader loader, Function<Path, IntelSource> intel, Clock clock) {
    this.loader = loader;
    this.intel = intel;
    this.clock = clock;
  }

  /** The outcome of one case. */
  public record CaseResult(String file, String name, int line, boolean passed, List<String> failures,
      AuditRecord audit) {}

  /** The outcome of one scenario file: errors that stopped it, or its case results. */
  public record FileResult(Path file, List<PolicyError> errors, List<CaseResult> cases) {
    public boolean passed() {
      return errors.isEmpty() && cases.stream().allMatch(CaseResult::passed);
    }
  }

  /** Runs one file. */
  public FileResult run(Path file) {
    List<PolicyError> errors = new ArrayList<>();
    Scenario s = ScenarioReader.read(file, errors);
    if (!errors.isEmpty()) {
      return new FileResult(file, errors, List.of());
    }
    Object policy = policies.computeIfAbsent(s.policy(), this::load);
    if (policy instanceof PolicyException e) {
      return new FileResult(file, e.errors(), List.of());
    }
    Engine engine = (Engine) policy;
    List<CaseResult> results = new ArrayList<>();
    for (Scenario.Case c : s.cases()) {
      Engine.Outcome o = engine.evaluate(c.request());
      List<String> failures = check(c.expect(), o);
      results.add(new CaseResult(file.toString(), c.name(), c.line(), failures.isEmpty(), failures, o.audit()));
    }
    return new FileResult(file, List.of(), results);
  }

  private Object load(Path dir) {
    try {
      PolicySnapshot snap = loader.load(dir).snapshot();
      return new Engine(snap, intel.apply(dir), AuditSink.NONE, ScopeClassifier.DEFAULT,
          Set.of(new InetSocketAddress("127.0.0.1", 53), new InetSocketAddress("::1", 53)), clock);
    } catch (PolicyException e) {
      return e;
    }
  }

  static List<String> check(Scenario.Expectation e, Engine.Outcome o) {
    List<String> failures = new ArrayList<>();
    AuditRecord a = o.audit();
    if (e.verdict() != null && !verdictMatches(e.verdict(), o.verdict())) {
      failures.add("expected verdict " + e.verdict() + ", got " + o.verdict().label());
    }
    if (e.rule() != null && !e.rule().equals(a.rule().name())) {
      failures.add("expected rule " + e.rule() + ", got " + a.rule().name());
    }
    if (e.stage() != null && !e.stage().equals(a.stage())) {
      failures.add("expected stage " + e.stage() + ", got " + a.stage());
    }
    if (e.profile() != null && !e.profile().equals(a.profile().id())) {
      failures.add("expected profile " + e.profile() + ", got " + a.profile().id());
    }
    if (e.tier() != null && !e.tier().equalsIgnoreCase(a.rule().tier())) {
      failures.add("expected tier " + e.tier() + ", got " + a.rule().tier());
    }
    if (e.reasonContains() != null && !a.reason().contains(e.reasonContains())) {
      failures.add("expected the reason to contain \"" + e.reasonContains() + "\", got \"" + a.reason() + "\"");
    }
    return failures;
  }

  /** "accept", "block" and "drop" match their permanent editions; other names match exactly. */
  static boolean verdictMatches(String expected, Verdict actual) {
    String t = expected.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "accept", "permit", "allow":
        return actual.kind() == Verdict.Kind.ALLOW;
      case "block":
        return actual.kind() == Verdict.Kind.BLOCK;
      case "drop":
        return actual.kind() == Verdict.Kind.DROP;
      default:
        return Verdict.parse(expected) == actual;
    }
  }
}
