package org.netreeve.engine.rulebase;

import java.util.List;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

/**
 * A compiled, immutable rule base: the shipped rules plus the administrator's rule files.
 *
 * @param kieBase    the Drools knowledge base
 * @param index      where each rule is written
 * @param files      the rule files it was built from (shipped resources first)
 * @param digest     a digest of all sources, identifying this rule base in the decision cache
 * @param reads      fact properties the user rules mention that the decision cache must key on
 *                   (for example "localPort" or "pid"; see {@link RuleBaseLoader})
 * @param ruleCount  the number of rules
 * @param patterns   the fact types user rules match besides {@code Request} (Connection,
 *                   ProcessInfo, ...): only these are inserted as facts of their own
 */
public record RuleBase(KieBase kieBase, RuleIndex index, List<String> files, String digest, Set<String> reads,
    int ruleCount, Set<String> patterns) {

  public RuleBase {
    files = List.copyOf(files);
    reads = Set.copyOf(reads);
    patterns = Set.copyOf(patterns);
  }

  /** True when user rules match facts of type {@code simpleName} (so it must be inserted). */
  public boolean matches(String simpleName) {
    return patterns.contains(simpleName);
  }

  /** A new stateful session; one per thread, reused for every decision (insert, fire, delete). */
  public KieSession newSession() {
    return kieBase.newKieSession();
  }
}
