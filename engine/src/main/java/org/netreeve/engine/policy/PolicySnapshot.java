package org.netreeve.engine.policy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.netreeve.engine.cache.DecisionCache;
import org.netreeve.engine.rulebase.RuleBase;

/**
 * Everything a decision is made with, frozen: the rule base, the profiles, the settings, and the
 * decision cache that belongs to exactly this combination. A reload builds a new snapshot and
 * swaps it in whole; decisions in flight finish on the snapshot they started with.
 *
 * @param generation  increases with every snapshot of this process
 * @param directory   the policy directory it was loaded from, or null
 * @param loadedAt    when it was loaded
 * @param ruleBase    the compiled rules
 * @param profiles    the profiles
 * @param config      the settings from policy.yaml
 * @param cache       the decisions made with this snapshot
 * @param revision    a digest of the policy files it was loaded from ({@link PolicyRevision}), so
 *                    that an audit record names the exact policy that decided
 */
public record PolicySnapshot(long generation, Path directory, Instant loadedAt, RuleBase ruleBase,
    ProfileResolver profiles, PolicyConfig config, DecisionCache cache, String revision) {

  private static final AtomicLong GENERATIONS = new AtomicLong();

  /** A snapshot with the next generation number and an empty cache. */
  public static PolicySnapshot of(Path directory, Instant loadedAt, RuleBase ruleBase, ProfileResolver profiles,
      PolicyConfig config) {
    return new PolicySnapshot(GENERATIONS.incrementAndGet(), directory, loadedAt, ruleBase, profiles, config,
        new DecisionCache(Math.max(1, config.cacheSize())), PolicyRevision.of(directory));
  }
}
