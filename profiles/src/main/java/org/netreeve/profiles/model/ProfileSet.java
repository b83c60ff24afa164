package org.netreeve.profiles.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete, consistent set of profiles: the ones loaded from a directory plus the built-in
 * special profiles the directory does not define. Immutable.
 */
public final class ProfileSet {

  private final List<Profile> profiles;
  private final Map<String, Profile> byId;
  private final Map<Special, Profile> specials;
  private final Profile unprofiled;

  private ProfileSet(List<Profile> profiles, Map<String, Profile> byId, Map<Special, Profile> specials,
      Profile unprofiled) {
    this.profiles = profiles;
    this.byId = byId;
    this.specials = specials;
    this.unprofiled = unprofiled;
  }

  /**
   * A set of profiles; built-in specials fill the gaps.
   *
   * @throws IllegalArgumentException when two profiles share an id or a special (the loader reports
   *     these as file errors before it gets here)
   */
  public static ProfileSet of(List<Profile> profiles) {
    Map<String, Profile> byId = new HashMap<>();
    Map<Special, Profile> specials = new EnumMap<>(Special.class);
    for (Profile p : profiles) {
      if (byId.putIfAbsent(p.id(), p) != null) {
        throw new IllegalArgumentException("two profiles with id " + p.id());
      }
      if (p.special() != null && specials.putIfAbsent(p.special(), p) != null) {
        throw new IllegalArgumentException("two profiles for special " + p.special().yamlName());
      }
    }
    for (Special s : Special.values()) {
      if (!specials.containsKey(s)) {
        Profile builtIn = BuiltInProfiles.special(s);
        specials.put(s, builtIn);
        byId.putIfAbsent(builtIn.id(), builtIn);
      }
    }
    Profile unprofiled = BuiltInProfiles.unprofiled();
    byId.putIfAbsent(unprofiled.id(), unprofiled);
    return new ProfileSet(List.copyOf(profiles), Collections.unmodifiableMap(byId),
        Collections.unmodifiableMap(specials), unprofiled);
  }

  /** The profiles that were loaded, in load order (sorted by file path). */
  public List<Profile> profiles() {
    return profiles;
  }

  /** Loaded and built-in profiles. */
  public List<Profile> all() {
    List<Profile> all = new ArrayList<>(profiles);
    for (Profile p : specials.values()) {
      if (p.isBuiltIn()) {
        all.add(p);
      }
    }
    all.add(unprofiled);
    return all;
  }

  /** The profile with this id (loaded or built-in), or null. */
  public Profile byId(String id) {
    return byId.get(id);
  }

  /** The profile for a special: the loaded one, or the built-in one. Never null. */
  public Profile special(Special special) {
    return specials.get(special);
  }

  /** The profile of identified processes that no profile matches. */
  public Profile unprofiled() {
    return unprofiled;
  }

  /** The number of loaded profiles. */
  public int size() {
    return profiles.size();
  }
}
