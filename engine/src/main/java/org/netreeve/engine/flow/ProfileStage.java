package org.netreeve.engine.flow;

import org.netreeve.engine.facts.PolicyContext;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.policy.ProfileResolver;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * Stage "profile": fixes the policy the flow is decided with, finds the profile of the attributed
 * process (the process becomes its parent after merge-with-parent), and the security level that
 * applies: the global one, or the profile's minimum when that is higher.
 */
public final class ProfileStage implements FlowStage {

  private static final int LEVELS = SecurityLevel.values().length;

  private final PolicyState policy;

  /** The policy contexts of one configuration, one per pair of levels, made once. */
  private record Contexts(PolicyConfig config, PolicyContext[] byLevels) {}

  private volatile Contexts contexts;

  public ProfileStage(PolicyState policy) {
    this.policy = policy;
  }

  @Override
  public void apply(Flow f) {
    PolicySnapshot snap = policy.snapshot();
    f.snapshot = snap;
    f.intelSource = policy.intel();
    ProfileResolver.Resolution res = snap.profiles().resolve(f.request().process(), f.request().kernel());
    f.profile = res.profile();
    f.process = res.process();
    SecurityLevel global = f.request().level() != null ? f.request().level() : policy.level();
    SecurityLevel minimum = f.profile.getMinimumLevel();
    SecurityLevel effective = minimum != null && minimum.compareTo(global) > 0 ? minimum : global;
    f.globalLevel = global;
    f.level = effective;
    f.policy = context(snap.config(), global, effective);
  }

  private PolicyContext context(PolicyConfig cfg, SecurityLevel global, SecurityLevel effective) {
    Contexts c = contexts;
    if (c == null || c.config() != cfg) {
      c = new Contexts(cfg, new PolicyContext[LEVELS * LEVELS]);
      contexts = c;
    }
    int i = global.ordinal() * LEVELS + effective.ordinal();
    PolicyContext x = c.byLevels()[i];
    if (x == null) {
      // A benign race: two threads may both make it; they are equal.
      x = new PolicyContext(global, effective, cfg.protectionsAt(effective), cfg.defaultAction());
      c.byLevels()[i] = x;
    }
    return x;
  }
}
