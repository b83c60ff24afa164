package org.netreeve.engine.facts;

import org.netreeve.net.Verdict;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * The policy settings in force for one decision: the global security level, the level that
 * applies to this connection (the higher of the global level and the profile's minimum level),
 * the protections that level turns on, and the global default action.
 *
 * @param globalLevel   the security level of the host
 * @param level         the level for this connection
 * @param protections   the protections {@code level} turns on
 * @param defaultAction the verdict when no profile rule, flag or list decides
 */
public record PolicyContext(SecurityLevel globalLevel, SecurityLevel level, Set<Protection> protections,
    Verdict defaultAction) {

  public PolicyContext {
    protections = protections.isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Protection.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(protections));
  }

  /** True when {@code p} is on for this connection. */
  public boolean on(Protection p) {
    return protections.contains(p);
  }

  /** True at Fortress, where protections are mandatory and outrank every other rule. */
  public boolean isFortress() {
    return level == SecurityLevel.FORTRESS;
  }

  /** The tier protection rules vote at: their natural tier, or {@link Tier#MANDATORY} at Fortress. */
  public Tier protectionTier(Tier natural) {
    return isFortress() ? Tier.MANDATORY : natural;
  }
}
