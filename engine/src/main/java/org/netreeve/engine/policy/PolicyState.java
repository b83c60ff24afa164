package org.netreeve.engine.policy;

import org.netreeve.profiles.model.SecurityLevel;

/**
 * What is in force now: the policy snapshot, the intel source and the global security level. The
 * stages of a flow read it once at the start of the flow, so a flow runs entirely on the policy it
 * started with; a reload or a level change swaps one reference.
 *
 * <p>Thread rules: any thread reads; the daemon's reload and level changes write.
 */
public final class PolicyState {
  private volatile PolicySnapshot snapshot;
  private volatile IntelSource intel;
  private volatile SecurityLevel level;

  public PolicyState(PolicySnapshot snapshot, IntelSource intel) {
    this.snapshot = snapshot;
    this.intel = intel;
    this.level = snapshot.config().level();
  }

  public PolicySnapshot snapshot() {
    return snapshot;
  }

  /** Replaces the policy; flows already running finish on the old one. */
  public void swap(PolicySnapshot next) {
    this.snapshot = next;
  }

  public IntelSource intel() {
    return intel;
  }

  /** Replaces the intel source (its generation keeps cached decisions apart). */
  public void intel(IntelSource next) {
    this.intel = next;
  }

  /** The global security level. */
  public SecurityLevel level() {
    return level;
  }

  public void level(SecurityLevel next) {
    this.level = next;
  }
}
