package org.netreeve.engine.cache;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything a decision depends on, as a cache key: the stage, the connection's stable identity
 * (not the ephemeral local port of outbound connections, unless rules read it), the profile, the
 * process's uid and executable, the security level, and the intel generation. The engine builds
 * it; {@link org.netreeve.engine.rulebase.RuleBase#reads()} adds what user rules read beyond that.
 *
 * <p>Immutable; the hash is computed once.
 */
public final class DecisionKey {

  private final Object[] parts;
  private final int hash;

  public DecisionKey(Object... parts) {
    this.parts = parts;
    this.hash = Arrays.hashCode(parts);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DecisionKey k) || k.hash != hash) {
      return false;
    }
    if (k.parts.length != parts.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      if (!Objects.equals(parts[i], k.parts[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(parts);
  }
}
