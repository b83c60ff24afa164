package org.netreeve.engine.policy;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.net.Verdict;
import org.netreeve.intel.endpoints.DomainPattern;
import org.netreeve.profiles.match.MatchKind;
import org.netreeve.profiles.match.ProfileIndex;
import org.netreeve.profiles.match.ProfileMatch;
import org.netreeve.profiles.model.DefaultAction;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.PortSet;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.Special;
import org.netreeve.process.ProcessInfo;

/**
 * Profiles for the engine: the profile index of a policy directory, with each profile turned into
 * its rule-base fact once. Programs without a profile get the "unprofiled" profile with the flags
 * and default action of policy.yaml's {@code unknown-apps}.
 */
public final class ProfileIndexResolver implements ProfileResolver {

  private final ProfileIndex index;
  /** Each profile's fact, one per way of matching (the match kind is part of the fact). */
  private final Map<Profile, ProfileFact[]> facts = new IdentityHashMap<>();
  private final ProfileFact kernel;
  private final ProfileFact unprofiled;

  public ProfileIndexResolver(ProfileIndex index, PolicyConfig config) {
    this.index = index;
    for (Profile p : index.profiles().all()) {
      facts.put(p, variants(fact(p, "exact", null, null)));
    }
    Profile k = index.profiles().special(Special.KERNEL);
    this.kernel = facts.computeIfAbsent(k, p -> variants(fact(p, "special", null, null)))[MatchKind.SPECIAL.ordinal()];
    Profile u = index.profiles().unprofiled();
    this.unprofiled = fact(u, "unprofiled", config.fallbackFlags(), config.fallbackAction());
  }

  /**
   * Resolutions of processes seen recently: a process opens many connections, and matching a
   * framework profile reads the file system. Cleared when full; a new policy has a new resolver.
   */
  private final java.util.concurrent.ConcurrentHashMap<ProcessInfo, Resolution> recent =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int RECENT_MAX = 4096;

  @Override
  public Resolution resolve(ProcessInfo process, boolean isKernel) {
    if (isKernel) {
      return new Resolution(kernel, process);
    }
    if (process.pid() <= 0) {
      return match(process);
    }
    // The whole description is the key: the same pid may describe another process in a dry run.
    ProcessInfo key = process;
    Resolution r = recent.get(key);
    if (r == null) {
      r = match(process);
      if (recent.size() >= RECENT_MAX) {
        recent.clear();
      }
      recent.put(key, r);
    }
    return r;
  }

  private Resolution match(ProcessInfo process) {
    ProfileMatch m = index.resolve(process);
    if (m.kind() == MatchKind.NONE) {
      return new Resolution(unprofiled, m.attributedTo());
    }
    ProfileFact[] f = facts.get(m.profile());
    ProfileFact fact = f != null ? f[m.kind().ordinal()] : fact(m.profile(), label(m.kind()), null, null);
    return new Resolution(fact, m.attributedTo());
  }

  @Override
  public int size() {
    return index.size();
  }

  public ProfileIndex index() {
    return index;
  }

  private static ProfileFact[] variants(ProfileFact f) {
    ProfileFact[] v = new ProfileFact[MatchKind.values().length];
    for (MatchKind k : MatchKind.values()) {
      v[k.ordinal()] = f.withMatch(label(k));
    }
    return v;
  }

  private static String label(MatchKind k) {
    return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The rule-base fact of a profile; {@code flags}/{@code action} override the profile's when given. */
  static ProfileFact fact(Profile p, String match, Set<Flag> flags, Verdict action) {
    Predicate<String> whitelist = null;
    if (p.hasDomainWhitelist()) {
      List<DomainPattern> patterns = p.domainWhitelist();
      whitelist = d -> {
        for (DomainPattern dp : patterns) {
          if (dp.matches(d)) {
            return true;
          }
        }
        return false;
      };
    }
    Verdict defaultAction = action != null ? action : verdict(p.defaultAction());
    return new ProfileFact(p.id(), p.name(), p.file(), p.special() == null ? null : p.special().yamlName(), match,
        flags != null ? flags : p.flags(), p.minimumLevel(), defaultAction, p.requireTls(), whitelist, p.keywords(),
        ports(p.connectPorts()), ports(p.listenPorts()), p.endpoints(), p.incoming(),
        p.filterLists() == null ? null : Set.copyOf(p.filterLists()), p);
  }

  private static IntPredicate ports(PortSet s) {
    return s.isRestricted() ? s::allows : null;
  }

  private static Verdict verdict(DefaultAction a) {
    if (a == null) {
      return null;
    }
    return switch (a) {
      case PERMIT -> Verdict.ACCEPT;
      case BLOCK -> Verdict.BLOCK;
      case DROP -> Verdict.DROP;
    };
  }
}
