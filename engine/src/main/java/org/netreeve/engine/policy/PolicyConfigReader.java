package org.netreeve.engine.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netreeve.engine.facts.Protection;
import org.netreeve.net.Verdict;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.EndpointRule;
import org.netreeve.intel.endpoints.EndpointRuleParser;
import org.netreeve.intel.endpoints.EndpointSyntaxException;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads policy.yaml (docs/policy.md) into a {@link PolicyConfig}, reporting every error with its position. */
public final class PolicyConfigReader {

  private static final Set<String> KEYS = Set.of("default-action", "level", "levels", "filter-lists", "endpoints",
      "incoming", "unknown-apps", "permanent-verdicts", "cache-size");
  private static final Set<String> UNKNOWN_APP_KEYS = Set.of("flags", "default-action");

  private PolicyConfigReader() {}

  /**
   * Parses {@code text} of {@code file}; errors are added to {@code errors} and the result is then
   * meaningless (but never null).
   */
  public static PolicyConfig read(String text, String file, List<PolicyError> errors) {
    PolicyConfig d = PolicyConfig.defaults();
    YamlTree y = new YamlTree(file, errors);
    MappingNode root = y.root(text);
    if (root == null) {
      return d;
    }
    Map<String, Node> keys = y.keys(root, KEYS, " in policy.yaml");
    List<String> warnings = new ArrayList<>();
    Verdict defaultAction = d.defaultAction();
    if (keys.containsKey("default-action")) {
      defaultAction = action(y, keys.get("default-action"), defaultAction);
    }
    SecurityLevel level = d.level();
    if (keys.containsKey("level")) {
      level = level(y, keys.get("level"), level);
    }
    Map<Protection, Set<SecurityLevel>> protections = new EnumMap<>(d.protections());
    if (keys.containsKey("levels")) {
      MappingNode m = y.mapping(keys.get("levels"), "levels: protection: [levels that turn it on]");
      if (m != null) {
        Set<String> names = new LinkedHashSet<>();
        for (Protection p : Protection.values()) {
          names.add(p.label());
        }
        for (Map.Entry<String, Node> e : y.keys(m, names, " under levels").entrySet()) {
          Protection p = Protection.parse(e.getKey());
          Set<SecurityLevel> on = EnumSet.noneOf(SecurityLevel.class);
          List<Node> items = y.list(e.getValue(), "the levels that turn on " + p.label());
          if (items == null) {
            continue;
          }
          for (Node n : items) {
            SecurityLevel l = level(y, n, null);
            if (l != null) {
              on.add(l);
            }
          }
          if (!on.contains(SecurityLevel.FORTRESS)) {
            warnings.add(file + ":" + YamlTree.line(e.getValue()) + ": Fortress always turns on " + p.label()
                + "; configuration cannot weaken it");
          }
          protections.put(p, on);
        }
      }
    }
    Map<SecurityLevel, Set<String>> filterLists = new EnumMap<>(d.filterLists());
    if (keys.containsKey("filter-lists")) {
      MappingNode m = y.mapping(keys.get("filter-lists"), "filter-lists: level: [list ids or categories]");
      if (m != null) {
        filterLists.clear();
        for (Map.Entry<String, Node> e : y.keys(m, Set.of("dynamic", "secure", "fortress"), " under filter-lists")
            .entrySet()) {
          SecurityLevel l = SecurityLevel.fromYaml(e.getKey());
          filterLists.put(l, new LinkedHashSet<>(y.strings(e.getValue(), "filter list ids or categories")));
        }
      }
    }
    EndpointList endpoints = keys.containsKey("endpoints") ? endpoints(y, keys.get("endpoints"), file) : d.endpoints();
    EndpointList incoming = keys.containsKey("incoming") ? endpoints(y, keys.get("incoming"), file) : d.incoming();
    Set<Flag> fallbackFlags = d.fallbackFlags();
    Verdict fallbackAction = d.fallbackAction();
    if (keys.containsKey("unknown-apps")) {
      MappingNode m = y.mapping(keys.get("unknown-apps"), "unknown-apps: flags and default-action");
      if (m != null) {
        Map<String, Node> u = y.keys(m, UNKNOWN_APP_KEYS, " under unknown-apps");
        if (u.containsKey("flags")) {
          fallbackFlags = flags(y, u.get("flags"));
        }
        if (u.containsKey("default-action")) {
          fallbackAction = action(y, u.get("default-action"), null);
        }
      }
    }
    boolean permanent = keys.containsKey("permanent-verdicts")
        ? y.bool(keys.get("permanent-verdicts"), "permanent-verdicts", true) : d.permanentVerdicts();
    int cacheSize = keys.containsKey("cache-size")
        ? y.integer(keys.get("cache-size"), "cache-size", 0, 10_000_000, d.cacheSize()) : d.cacheSize();
    return new PolicyConfig(defaultAction, level, protections, filterLists, endpoints, incoming, fallbackFlags,
        fallbackAction, permanent, cacheSize, warnings);
  }

  /** permit/accept, block or drop. */
  static Verdict action(YamlTree y, Node n, Verdict fallback) {
    String s = y.scalar(n, "an action (permit, block or drop)");
    if (s == null) {
      return fallback;
    }
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "permit", "accept", "allow":
        return Verdict.ACCEPT;
      case "block":
        return Verdict.BLOCK;
      case "drop":
        return Verdict.DROP;
      default:
        y.error(n, "expected an action (permit, block or drop), got \"" + s + "\"");
        return fallback;
    }
  }

  static SecurityLevel level(YamlTree y, Node n, SecurityLevel fallback) {
    String s = y.scalar(n, "a security level (dynamic, secure or fortress)");
    if (s == null) {
      return fallback;
    }
    SecurityLevel l = SecurityLevel.fromYaml(s.trim());
    if (l == null) {
      y.error(n, "expected a security level (dynamic, secure or fortress), got \"" + s + "\"");
      return fallback;
    }
    return l;
  }

  static Set<Flag> flags(YamlTree y, Node n) {
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    List<Node> items = y.list(n, "a list of flags");
    if (items == null) {
      return flags;
    }
    for (Node i : items) {
      String s = y.scalar(i, "a flag");
      if (s == null) {
        continue;
      }
      Flag f = Flag.fromYaml(s.trim());
      if (f == null) {
        StringBuilder known = new StringBuilder();
        for (Flag k : Flag.values()) {
          known.append(known.length() == 0 ? "" : ", ").append(k.yamlName());
        }
        y.error(i, "unknown flag \"" + s + "\", expected one of " + known);
      } else {
        flags.add(f);
      }
    }
    return flags;
  }

  static EndpointList endpoints(YamlTree y, Node n, String file) {
    List<Node> items = y.list(n, "an endpoint list");
    if (items == null) {
      return EndpointList.EMPTY;
    }
    List<EndpointRule> rules = new ArrayList<>();
    for (Node i : items) {
      String s = y.scalar(i, "an endpoint rule such as \"+ *.example.com TCP/443\"");
      if (s == null) {
        continue;
      }
      try {
        rules.add(EndpointRuleParser.parse(s, file, YamlTree.line(i), rules.size()));
      } catch (EndpointSyntaxException e) {
        int offset = i instanceof ScalarNode sn && sn.getScalarStyle() != null
            && sn.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN ? 1 : 0;
        y.errorAt(i, Math.max(0, e.column() - 1) + offset, "bad endpoint rule \"" + s + "\": " + e.detail());
      }
    }
    return EndpointList.of(rules);
  }
}
