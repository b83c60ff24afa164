package org.netreeve.engine.cache;

import java.util.List;
import java.util.Objects;

/**
 * Everything a decision depends on, as a cache key: the stage, the connection's stable identity
 * (not the ephemeral local port of outbound connections, unless rules read it), the profile, the
 * process's uid and executable, the security level, and the intel generation. The engine builds
 * it; {@code extra} carries what user rules read beyond that (see
 * {@link org.netreeve.engine.rulebase.RuleBase#reads()}).
 *
 * <p>Immutable; the hash is computed once. Fields rather than an array of objects: a key is made
 * for every decision, and boxing ports and uids would cost more than the lookup.
 */
public final class DecisionKey {

  private final Object stage;
  private final Object direction;
  private final int protocol;
  private final String remoteIp;
  private final int remotePort;
  private final int localPort;
  private final String domain;
  private final List<String> cnames;
  private final boolean dnsResolved;
  private final Object resolverScope;
  private final String queryType;
  private final String profile;
  private final String match;
  private final int uid;
  private final String exe;
  private final Object level;
  private final long intelGeneration;
  private final Object intel;
  private final boolean kernel;
  private final Object extra;
  private final int hash;

  public DecisionKey(Object stage, Object direction, int protocol, String remoteIp, int remotePort, int localPort,
      String domain, List<String> cnames, boolean dnsResolved, Object resolverScope, String queryType,
      String profile, String match, int uid, String exe, Object level, long intelGeneration, Object intel,
      boolean kernel, Object extra) {
    this.stage = stage;
    this.direction = direction;
    this.protocol = protocol;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.localPort = localPort;
    this.domain = domain;
    this.cnames = cnames;
    this.dnsResolved = dnsResolved;
    this.resolverScope = resolverScope;
    this.queryType = queryType;
    this.profile = profile;
    this.match = match;
    this.uid = uid;
    this.exe = exe;
    this.level = level;
    this.intelGeneration = intelGeneration;
    this.intel = intel;
    this.kernel = kernel;
    this.extra = extra;
    int h = Objects.hashCode(stage);
    h = 31 * h + Objects.hashCode(direction);
    h = 31 * h + protocol;
    h = 31 * h + Objects.hashCode(remoteIp);
    h = 31 * h + remotePort;
    h = 31 * h + localPort;
    h = 31 * h + Objects.hashCode(domain);
    h = 31 * h + (cnames.isEmpty() ? 0 : cnames.hashCode());
    h = 31 * h + (dnsResolved ? 1 : 0);
    h = 31 * h + Objects.hashCode(resolverScope);
    h = 31 * h + Objects.hashCode(queryType);
    h = 31 * h + Objects.hashCode(profile);
    h = 31 * h + Objects.hashCode(match);
    h = 31 * h + uid;
    h = 31 * h + Objects.hashCode(exe);
    h = 31 * h + Objects.hashCode(level);
    h = 31 * h + Long.hashCode(intelGeneration);
    h = 31 * h + Objects.hashCode(intel);
    h = 31 * h + (kernel ? 1 : 0);
    h = 31 * h + Objects.hashCode(extra);
    this.hash = h;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DecisionKey k) || k.hash != hash) {
      return false;
    }
    return protocol == k.protocol && remotePort == k.remotePort && localPort == k.localPort && uid == k.uid
        && dnsResolved == k.dnsResolved && kernel == k.kernel && intelGeneration == k.intelGeneration
        && stage == k.stage && direction == k.direction && level == k.level && resolverScope == k.resolverScope
        && Objects.equals(remoteIp, k.remoteIp) && Objects.equals(domain, k.domain)
        && Objects.equals(profile, k.profile) && Objects.equals(match, k.match) && Objects.equals(exe, k.exe)
        && Objects.equals(queryType, k.queryType) && cnames.equals(k.cnames) && Objects.equals(intel, k.intel)
        && Objects.equals(extra, k.extra);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "DecisionKey[" + stage + " " + direction + " " + protocol + " " + remoteIp + ":" + remotePort + " "
        + domain + " " + profile + " uid " + uid + " " + level + "]";
  }
}
