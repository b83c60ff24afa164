package org.netreeve.engine.flow;

import java.util.List;
import java.util.Objects;
import org.netreeve.engine.cache.CachedDecision;
import org.netreeve.engine.decision.Vote;
import org.netreeve.engine.decision.VerdictResolver;
import org.netreeve.net.Direction;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * A logical connection between a local application and an internet entity (seed 003): a process
 * with its profile talking in one direction to a domain, or to an address when no domain is known.
 * It is decided once, at stage communication, on what holds for all of its links; each link (an
 * IP/port pair) inherits that decision's votes and the link stage decides the rest. A change of
 * policy, security level or intel makes it decide again.
 *
 * <p>Thread rules: any thread; the decision is replaced whole.
 */
public final class Communication {

  /**
   * What identifies a communication.
   *
   * @param pid       the process
   * @param startTime the process's start time, so a reused pid is another process
   * @param profileId the profile applied
   * @param direction who opened its links
   * @param entity    the domain, or the remote address when there is no domain
   */
  public record Key(int pid, long startTime, String profileId, Direction direction, String entity) {}

  /** The decision and what it was made under. */
  private record Decided(CachedDecision ruling, List<Vote> votes, long policyGeneration, SecurityLevel level,
      long intelGeneration) {}

  private final String id;
  private final Key key;
  private final boolean byDomain;
  private volatile Decided decided;
  private volatile long lastUsedNanos;

  Communication(String id, Key key, boolean byDomain) {
    this.id = Objects.requireNonNull(id, "id");
    this.key = key;
    this.byDomain = byDomain;
    this.lastUsedNanos = System.nanoTime();
  }

  /** A short identifier, unique in this process's life, that audit records and the API use. */
  public String id() {
    return id;
  }

  public Key key() {
    return key;
  }

  /** The domain, or null when the communication is with an address. */
  public String domain() {
    return byDomain ? key.entity() : null;
  }

  /** The remote address, or null when the communication is with a domain. */
  public String address() {
    return byDomain ? null : key.entity();
  }

  /** The decision at stage communication, or null before the first one. */
  public CachedDecision ruling() {
    Decided d = decided;
    return d == null ? null : d.ruling();
  }

  /** The votes its links inherit (without the engine's fallback). */
  List<Vote> votes() {
    Decided d = decided;
    return d == null ? List.of() : d.votes();
  }

  /** The decision if it was made under this policy, level and intel, else null. */
  CachedDecision current(long policyGeneration, SecurityLevel level, long intelGeneration) {
    Decided d = decided;
    return d != null && d.policyGeneration() == policyGeneration && d.level() == level
        && d.intelGeneration() == intelGeneration ? d.ruling() : null;
  }

  void decided(CachedDecision ruling, long policyGeneration, SecurityLevel level, long intelGeneration) {
    List<Vote> votes = ruling.decision().votes().stream()
        .filter(v -> !VerdictResolver.FALLBACK_RULE.equals(v.rule())).toList();
    decided = new Decided(ruling, votes, policyGeneration, level, intelGeneration);
  }

  void used(long nanos) {
    lastUsedNanos = nanos;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  @Override
  public String toString() {
    return id + " " + key;
  }
}
