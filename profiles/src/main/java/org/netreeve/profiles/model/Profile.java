package org.netreeve.profiles.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.netreeve.intel.endpoints.DomainPattern;
import org.netreeve.intel.endpoints.EndpointList;

/**
 * An application profile: how one application (or a folder of them) may use the network.
 *
 * <p>Immutable; the rule base reads it as a fact. Optional parts are null when the profile leaves
 * them to the global policy ({@code defaultAction}, {@code filterLists}, {@code framework},
 * {@code special}); lists are empty when not given. The schema is documented in docs/profiles.md.
 *
 * @param id              the file's path relative to the profile directory, without extension
 *                        ("browsers/firefox"); built-in profiles use "builtin/..."
 * @param name            display name
 * @param description     free text, "" when not given
 * @param paths           absolute executable paths (exact), or folder prefixes when
 *                        {@code defaultProfile}
 * @param defaultProfile  whether {@code paths} are folder prefixes (a default profile for a folder)
 * @param minimumLevel    the lowest security level this application runs under
 * @param flags           the flags
 * @param domainWhitelist when not empty, the only domains the application may connect to
 * @param keywords        lower-case words that make a domain "related" for the Strict flag
 * @param connectPorts    remote ports it may connect to (unrestricted when empty)
 * @param listenPorts     local ports it may listen on (unrestricted when empty; needs Service)
 * @param endpoints       the outgoing endpoint list, checked before the global one
 * @param incoming        the incoming endpoint list
 * @param defaultAction   what to do when nothing else decided, or null for the global default
 * @param filterLists     filter list ids/categories to use, or null for the global selection
 * @param requireTls      whether plain-text connections are refused
 * @param framework       framework rewriting, or null
 * @param special         which special profile this is, or null
 * @param file            the file it was loaded from, or null for built-in profiles
 * @param locations       where each key and list item was written: keys like "name", "paths[0]",
 *                        "flags[2]", "framework.find", "endpoints[3]"
 */
public record Profile(
    String id,
    String name,
    String description,
    List<String> paths,
    boolean defaultProfile,
    SecurityLevel minimumLevel,
    Set<Flag> flags,
    List<DomainPattern> domainWhitelist,
    List<String> keywords,
    PortSet connectPorts,
    PortSet listenPorts,
    EndpointList endpoints,
    EndpointList incoming,
    DefaultAction defaultAction,
    List<String> filterLists,
    boolean requireTls,
    Framework framework,
    Special special,
    String file,
    Map<String, SourceLocation> locations) {

  /** Keywords shorter than this are too common to mean anything. */
  public static final int MIN_KEYWORD_LENGTH = 4;

  public Profile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    paths = List.copyOf(paths);
    Objects.requireNonNull(minimumLevel, "minimumLevel");
    flags = flags.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Flag.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    domainWhitelist = List.copyOf(domainWhitelist);
    keywords = List.copyOf(keywords);
    Objects.requireNonNull(connectPorts, "connectPorts");
    Objects.requireNonNull(listenPorts, "listenPorts");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(incoming, "incoming");
    filterLists = filterLists == null ? null : List.copyOf(filterLists);
    locations = Collections.unmodifiableMap(new LinkedHashMap<>(locations));
  }

  /** A builder for a profile with this id and name; everything else starts empty. */
  public static Builder builder(String id, String name) {
    return new Builder(id, name);
  }

  public boolean hasFlag(Flag flag) {
    return flags.contains(flag);
  }

  public boolean isFramework() {
    return framework != null;
  }

  public boolean isSpecial() {
    return special != null;
  }

  /** Whether Netreeve supplied this profile because the directory did not define it. */
  public boolean isBuiltIn() {
    return file == null;
  }

  /**
   * Where a key or list item was written, e.g. {@code location("paths[0]")}; falls back to the
   * file itself, and is null for built-in profiles.
   */
  public SourceLocation location(String key) {
    SourceLocation l = locations.get(key);
    if (l != null || file == null) {
      return l;
    }
    return new SourceLocation(file, 0, 0);
  }

  /** Whether a domain whitelist is in force. */
  public boolean hasDomainWhitelist() {
    return !domainWhitelist.isEmpty();
  }

  /**
   * Whether the (normalised) domain is on the whitelist; the first matching pattern's index, or -1.
   */
  public int whitelistIndex(String domain) {
    for (int i = 0, n = domainWhitelist.size(); i < n; i++) {
      if (domainWhitelist.get(i).matches(domain)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the (normalised) domain is on the whitelist. */
  public boolean whitelists(String domain) {
    return whitelistIndex(domain) >= 0;
  }

  /**
   * Whether the (normalised) domain is related to the application for the Strict flag: it contains
   * one of the keywords (so "firefox" relates "firefox.settings.services.example.org").
   */
  public boolean isRelated(String domain) {
    if (domain == null) {
      return false;
    }
    for (int i = 0, n = keywords.size(); i < n; i++) {
      if (domain.contains(keywords.get(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The default keywords: the distinct lower-case words of at least {@value #MIN_KEYWORD_LENGTH}
   * letters in the name and in the base names of the paths ("Mozilla Firefox", /usr/bin/firefox-esr
   * give mozilla, firefox).
   */
  public static List<String> defaultKeywords(String name, List<String> paths) {
    Set<String> out = new LinkedHashSet<>();
    addWords(name, out);
    for (String p : paths) {
      int slash = p.lastIndexOf('/');
      addWords(slash >= 0 ? p.substring(slash + 1) : p, out);
    }
    return new ArrayList<>(out);
  }

  private static void addWords(String text, Set<String> out) {
    if (text == null) {
      return;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean letter = i < lower.length() && lower.charAt(i) >= 'a' && lower.charAt(i) <= 'z';
      if (letter && start < 0) {
        start = i;
      } else if (!letter && start >= 0) {
        if (i - start >= MIN_KEYWORD_LENGTH) {
          out.add(lower.substring(start, i));
        }
        start = -1;
      }
    }
  }

  @Override
  public String toString() {
    return "Profile[" + id + " \"" + name + "\"" + (file == null ? " built-in" : " " + file) + "]";
  }

  /** Builds a profile step by step; not thread-safe. */
  public static final class Builder {
    private final String id;
    private final String name;
    private String description = "";
    private List<String> paths = List.of();
    private boolean defaultProfile;
    private SecurityLevel minimumLevel = SecurityLevel.DYNAMIC;
    private Set<Flag> flags = EnumSet.noneOf(Flag.class);
    private List<DomainPattern> domainWhitelist = List.of();
    private List<String> keywords;
    private PortSet connectPorts = PortSet.UNRESTRICTED;
    private PortSet listenPorts = PortSet.UNRESTRICTED;
    private EndpointList endpoints = EndpointList.EMPTY;
    private EndpointList incoming = EndpointList.EMPTY;
    private DefaultAction defaultAction;
    private List<String> filterLists;
    private boolean requireTls;
    private Framework framework;
    private Special special;
    private String file;
    private Map<String, SourceLocation> locations = Map.of();

    private Builder(String id, String name) {
      this.id = id;
      this.name = name;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder paths(List<String> paths) {
      this.paths = paths;
      return this;
    }

    public Builder paths(String... paths) {
      this.paths = List.of(paths);
      return this;
    }

    public Builder defaultProfile(boolean defaultProfile) {
      this.defaultProfile = defaultProfile;
      return this;
    }

    public Builder minimumLevel(SecurityLevel level) {
      this.minimumLevel = level;
      return this;
    }

    public Builder flags(Set<Flag> flags) {
      this.flags = flags;
      return this;
    }

    public Builder flags(Flag... flags) {
      this.flags = flags.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(flags[0], flags);
      return this;
    }

    public Builder domainWhitelist(List<DomainPattern> whitelist) {
      this.domainWhitelist = whitelist;
      return this;
    }

    /** Explicit keywords; when never set, {@link #build()} uses {@link Profile#defaultKeywords}. */
    public Builder keywords(List<String> keywords) {
      this.keywords = keywords;
      return this;
    }

    public Builder connectPorts(PortSet ports) {
      this.connectPorts = ports;
      return this;
    }

    public Builder listenPorts(PortSet ports) {
      this.listenPorts = ports;
      return this;
    }

    public Builder endpoints(EndpointList list) {
      this.endpoints = list;
      return this;
    }

    public Builder incoming(EndpointList list) {
      this.incoming = list;
      return this;
    }

    public Builder defaultAction(DefaultAction action) {
      this.defaultAction = action;
      return this;
    }

    public Builder filterLists(List<String> lists) {
      this.filterLists = lists;
      return this;
    }

    public Builder requireTls(boolean requireTls) {
      this.requireTls = requireTls;
      return this;
    }

    public Builder framework(Framework framework) {
      this.framework = framework;
      return this;
    }

    public Builder special(Special special) {
      this.special = special;
      return this;
    }

    public Builder file(String file) {
      this.file = file;
      return this;
    }

    public Builder locations(Map<String, SourceLocation> locations) {
      this.locations = locations;
      return this;
    }

    public Profile build() {
      List<String> kw = keywords != null ? keywords : defaultKeywords(name, paths);
      return new Profile(id, name, description, paths, defaultProfile, minimumLevel, flags,
          domainWhitelist, kw, connectPorts, listenPorts, endpoints, incoming, defaultAction,
          filterLists, requireTls, framework, special, file, locations);
    }
  }
}
