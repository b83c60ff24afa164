package org.netreeve.engine.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netreeve.engine.facts.Protection;
import org.netreeve.net.Verdict;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * The global settings of a policy directory ({@code policy.yaml}): default action, security
 * levels and their protections, filter-list selection, global endpoint lists, and the flags of
 * programs that have no profile of their own.
 *
 * @param defaultAction  the verdict when nothing else decides (Accept, Block or Drop)
 * @param level          the security level at start
 * @param protections    for each protection, the levels that turn it on (Fortress always does)
 * @param filterLists    for each level, the filter lists (ids or categories) in use
 * @param endpoints      the global outgoing endpoint list (after a profile's own list)
 * @param incoming       the global incoming endpoint list
 * @param fallbackFlags  the flags of identified programs without a profile
 * @param fallbackAction their default action, or null for the global one
 * @param permanentVerdicts whether packet-stage verdicts are handed to the kernel for good
 * @param cacheSize      the decision cache's capacity (0 disables it)
 * @param warnings       things in the file that were accepted but worth saying
 */
public record PolicyConfig(
    Verdict defaultAction,
    SecurityLevel level,
    Map<Protection, Set<SecurityLevel>> protections,
    Map<SecurityLevel, Set<String>> filterLists,
    EndpointList endpoints,
    EndpointList incoming,
    Set<Flag> fallbackFlags,
    Verdict fallbackAction,
    boolean permanentVerdicts,
    int cacheSize,
    List<String> warnings) {

  public PolicyConfig {
    Map<Protection, Set<SecurityLevel>> p = new EnumMap<>(Protection.class);
    for (Protection pr : Protection.values()) {
      Set<SecurityLevel> levels = EnumSet.noneOf(SecurityLevel.class);
      levels.addAll(protections.getOrDefault(pr, Set.of()));
      // Fortress turns on everything; configuration cannot weaken it.
      levels.add(SecurityLevel.FORTRESS);
      p.put(pr, Collections.unmodifiableSet(levels));
    }
    protections = Collections.unmodifiableMap(p);
    Map<SecurityLevel, Set<String>> f = new EnumMap<>(SecurityLevel.class);
    Set<String> all = new LinkedHashSet<>();
    for (SecurityLevel l : SecurityLevel.values()) {
      Set<String> s = new LinkedHashSet<>(filterLists.getOrDefault(l, Set.of()));
      all.addAll(s);
      f.put(l, s);
    }
    // Fortress uses every list any level uses.
    f.get(SecurityLevel.FORTRESS).addAll(all);
    for (SecurityLevel l : SecurityLevel.values()) {
      f.put(l, Collections.unmodifiableSet(f.get(l)));
    }
    filterLists = Collections.unmodifiableMap(f);
    fallbackFlags = fallbackFlags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(fallbackFlags));
    warnings = List.copyOf(warnings);
  }

  /** The defaults used when policy.yaml is absent or leaves a setting out (docs/policy.md). */
  public static PolicyConfig defaults() {
    return new PolicyConfig(Verdict.ACCEPT, SecurityLevel.DYNAMIC, defaultProtections(), defaultFilterLists(),
        EndpointList.EMPTY, EndpointList.EMPTY, EnumSet.of(Flag.INTERNET, Flag.LOCAL_NET), null, true, 65536,
        List.of());
  }

  /** Which levels turn on which protection by default. */
  public static Map<Protection, Set<SecurityLevel>> defaultProtections() {
    Map<Protection, Set<SecurityLevel>> m = new EnumMap<>(Protection.class);
    Set<SecurityLevel> all = EnumSet.allOf(SecurityLevel.class);
    Set<SecurityLevel> secure = EnumSet.of(SecurityLevel.SECURE, SecurityLevel.FORTRESS);
    m.put(Protection.REBINDING_PROTECTION, all);
    m.put(Protection.ASTRAY_DNS, all);
    m.put(Protection.FILTER_LISTS, all);
    m.put(Protection.BLOCK_UNIDENTIFIED, all);
    m.put(Protection.BLOCK_DIRECT_CONNECT, secure);
    m.put(Protection.BLOCK_INBOUND_INTERNET, secure);
    m.put(Protection.BLOCK_DNS_BYPASS, secure);
    m.put(Protection.REQUIRE_TLS, EnumSet.of(SecurityLevel.FORTRESS));
    return m;
  }

  /** The filter lists each level uses by default (categories). */
  public static Map<SecurityLevel, Set<String>> defaultFilterLists() {
    Map<SecurityLevel, Set<String>> m = new EnumMap<>(SecurityLevel.class);
    m.put(SecurityLevel.DYNAMIC, Set.of("malware"));
    m.put(SecurityLevel.SECURE, Set.of("malware", "trackers"));
    m.put(SecurityLevel.FORTRESS, Set.of("malware", "trackers", "ads"));
    return m;
  }

  /** The protections on at {@code level}. */
  public Set<Protection> protectionsAt(SecurityLevel level) {
    Set<Protection> on = EnumSet.noneOf(Protection.class);
    for (Map.Entry<Protection, Set<SecurityLevel>> e : protections.entrySet()) {
      if (e.getValue().contains(level)) {
        on.add(e.getKey());
      }
    }
    return on;
  }
}
