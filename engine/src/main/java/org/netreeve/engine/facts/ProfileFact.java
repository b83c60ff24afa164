package org.netreeve.engine.facts;

import org.netreeve.net.Verdict;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * The profile applied to a connection, as the rule base sees it: the profile's settings with
 * their matchers compiled, and how the process was matched to it.
 *
 * <p>Immutable; built once per profile and policy snapshot, shared by every decision.
 */
public final class ProfileFact {

  private final String id;
  private final String name;
  private final String file;
  private final String special;
  private final String match;
  private final Set<Flag> flags;
  private final SecurityLevel minimumLevel;
  private final Verdict defaultAction;
  private final boolean requireTls;
  private final Predicate<String> whitelist;
  private final List<String> keywords;
  private final IntPredicate connectPorts;
  private final IntPredicate listenPorts;
  private final EndpointList outgoing;
  private final EndpointList incoming;
  private final Set<String> filterLists;
  private final Object profile;

  /**
   * @param id            profile id
   * @param name          display name
   * @param file          the profile's file, or null for built-in profiles
   * @param special       "unidentified", "kernel", "resolver", "self", "fallback", or null
   * @param match         how the process matched (exact, default-prefix, framework, special, ...)
   * @param flags         the profile's flags
   * @param minimumLevel  the lowest security level this profile runs at
   * @param defaultAction the profile's default action, or null to use the global one
   * @param requireTls    whether outbound TCP must use TLS 1.2+
   * @param whitelist     the domain whitelist, or null when the profile has none
   * @param keywords      words that make a domain related to this app (Strict flag)
   * @param connectPorts  the allowed remote ports, or null when unrestricted
   * @param listenPorts   the allowed local ports for incoming connections, or null when unrestricted
   * @param outgoing      the profile's endpoint list for outbound connections
   * @param incoming      the profile's endpoint list for inbound connections
   * @param filterLists   the filter lists (ids or categories) this profile uses, or null for the level's
   * @param profile       the profile object itself, for user rules that need more
   */
  public ProfileFact(String id, String name, String file, String special, String match, Set<Flag> flags,
      SecurityLevel minimumLevel, Verdict defaultAction, boolean requireTls, Predicate<String> whitelist,
      List<String> keywords, IntPredicate connectPorts, IntPredicate listenPorts, EndpointList outgoing,
      EndpointList incoming, Set<String> filterLists, Object profile) {
    this.id = id;
    this.name = name;
    this.file = file;
    this.special = special;
    this.match = match;
    this.flags = flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    this.minimumLevel = minimumLevel;
    this.defaultAction = defaultAction;
    this.requireTls = requireTls;
    this.whitelist = whitelist;
    this.keywords = List.copyOf(keywords);
    this.connectPorts = connectPorts;
    this.listenPorts = listenPorts;
    this.outgoing = outgoing == null ? EndpointList.EMPTY : outgoing;
    this.incoming = incoming == null ? EndpointList.EMPTY : incoming;
    this.filterLists = filterLists == null ? null : Set.copyOf(filterLists);
    this.profile = profile;
  }

  /** The same profile, matched another way (the match kind is per process, the rest per profile). */
  public ProfileFact withMatch(String newMatch) {
    return newMatch.equals(match) ? this : new ProfileFact(id, name, file, special, newMatch, flags, minimumLevel,
        defaultAction, requireTls, whitelist, keywords, connectPorts, listenPorts, outgoing, incoming, filterLists,
        profile);
  }

  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getFile() {
    return file;
  }

  public String getSpecial() {
    return special;
  }

  public String getMatch() {
    return match;
  }

  public Set<Flag> getFlags() {
    return flags;
  }

  public SecurityLevel getMinimumLevel() {
    return minimumLevel;
  }

  public Verdict getDefaultAction() {
    return defaultAction;
  }

  public boolean isRequireTls() {
    return requireTls;
  }

  public boolean requireTls() {
    return requireTls;
  }

  /** The endpoint list for outbound connections. */
  public EndpointList getOutgoing() {
    return outgoing;
  }

  /** The endpoint list for inbound connections. */
  public EndpointList getIncoming() {
    return incoming;
  }

  /** The filter lists (ids or categories) this profile selects, or null to use the level's selection. */
  public Set<String> getFilterLists() {
    return filterLists;
  }

  public Object getProfile() {
    return profile;
  }

  public List<String> getKeywords() {
    return keywords;
  }

  /** True when the profile has {@code flag}. */
  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** True when the profile has the flag named {@code flag} ("Internet", "LocalNet", ...). */
  public boolean hasFlag(String flag) {
    for (Flag f : flags) {
      if (f.name().replace("_", "").equalsIgnoreCase(flag.replace("_", "").replace("-", ""))) {
        return true;
      }
    }
    return false;
  }

  public boolean hasDomainWhitelist() {
    return whitelist != null;
  }

  /** True when the domain, or a name of its CNAME chain, is on the whitelist. */
  public boolean whitelists(String domain, List<String> cnames) {
    if (whitelist == null) {
      return true;
    }
    if (domain != null && whitelist.test(domain)) {
      return true;
    }
    if (cnames != null) {
      for (String c : cnames) {
        if (whitelist.test(c)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True when the domain is related to this app (Strict flag): on the whitelist, or containing one
   * of the profile's keywords. A connection without a domain is not related.
   */
  public boolean relatedTo(String domain, List<String> cnames) {
    if (domain == null) {
      return false;
    }
    if (whitelist != null && whitelists(domain, cnames)) {
      return true;
    }
    String d = domain.toLowerCase(Locale.ROOT);
    for (String k : keywords) {
      if (d.contains(k)) {
        return true;
      }
    }
    return false;
  }

  public boolean hasConnectPorts() {
    return connectPorts != null;
  }

  public boolean allowsConnectPort(int port) {
    return connectPorts == null || connectPorts.test(port);
  }

  public boolean hasListenPorts() {
    return listenPorts != null;
  }

  public boolean allowsListenPort(int port) {
    return listenPorts == null || listenPorts.test(port);
  }

  @Override
  public String toString() {
    return "ProfileFact[" + id + "]";
  }
}
