package org.netreeve.engine.scenario;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.net.Verdict;
import org.netreeve.engine.policy.IntelAdapter;
import org.netreeve.engine.policy.IntelSettings;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.intel.Intel;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.policy.PolicyException;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.policy.PolicySnapshot;

/**
 * Runs scenario files against their policies. A policy directory is loaded once per run and
 * shared by the scenario files that test it.
 */
public final class ScenarioRunner {

  private final PolicyLoader loader;
  private final IntelSource defaultIntel;
  private final Clock clock;
  private final Map<List<Path>, Object> engines = new HashMap<>();
  private final Map<Path, Object> intels = new HashMap<>();

  /**
   * @param loader       loads policy directories (use match options with
   *                     {@link ScenarioReader#SELF_PID} as Netreeve's own pid)
   * @param defaultIntel the intel for scenario files that name none (cases may state their own)
   * @param clock        time for audit records
   */
  public ScenarioRunner(PolicyLoader loader, IntelSource defaultIntel, Clock clock) {
    this.loader = loader;
    this.defaultIntel = defaultIntel;
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
    Object source = s.intel() == null ? defaultIntel : intels.computeIfAbsent(s.intel(), this::loadIntel);
    if (source instanceof PolicyError e) {
      return new FileResult(file, List.of(e), List.of());
    }
    IntelSource intel = (IntelSource) source;
    Object policy = engines.computeIfAbsent(java.util.Arrays.asList(s.policy(), s.intel()),
        k -> load(s.policy(), intel));
    if (policy instanceof PolicyException e) {
      return new FileResult(file, e.errors(), List.of());
    }
    DecisionChain chain = (DecisionChain) policy;
    List<CaseResult> results = new ArrayList<>();
    for (Scenario.Case c : s.cases()) {
      Flow o = chain.run(c.request());
      List<String> failures = check(c.expect(), o);
      results.add(new CaseResult(file.toString(), c.name(), c.line(), failures.isEmpty(), failures, o.audit()));
    }
    return new FileResult(file, List.of(), results);
  }

  private Object loadIntel(Path settingsFile) {
    List<PolicyError> errors = new ArrayList<>();
    IntelSettings settings = IntelSettings.readFile(settingsFile, errors);
    if (!errors.isEmpty()) {
      return errors.get(0);
    }
    try {
      return new IntelAdapter(settings.load(clock));
    } catch (Intel.LoadException e) {
      return new PolicyError(settingsFile.toString(), 0, 0, "cannot load intel: " + e.getMessage());
    }
  }

  private Object load(Path dir, IntelSource intel) {
    try {
      PolicySnapshot snap = loader.load(dir).snapshot();
      return DecisionChain.dryRun(new PolicyState(snap, intel), new Engine(), DecisionChain.LOCAL_NAMESERVERS, clock);
    } catch (PolicyException e) {
      return e;
    }
  }

  static List<String> check(Scenario.Expectation e, Flow o) {
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
