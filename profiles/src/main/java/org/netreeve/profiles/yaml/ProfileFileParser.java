package org.netreeve.profiles.yaml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.netreeve.intel.endpoints.DomainPattern;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.EndpointRule;
import org.netreeve.intel.endpoints.EndpointRuleParser;
import org.netreeve.intel.endpoints.EndpointSyntaxException;
import org.netreeve.intel.endpoints.PortRange;
import org.netreeve.profiles.model.BuildTemplate;
import org.netreeve.profiles.model.DefaultAction;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.Framework;
import org.netreeve.profiles.model.InvalidValueException;
import org.netreeve.profiles.model.PortSet;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.SecurityLevel;
import org.netreeve.profiles.model.SourceLocation;
import org.netreeve.profiles.model.Special;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one profile file through SnakeYAML's node API, so every value keeps its line and column.
 * Collects all problems of the file instead of stopping at the first. One instance per file; not
 * thread-safe.
 */
final class ProfileFileParser {

  static final List<String> KEYS = List.of("name", "description", "paths", "default",
      "security-level", "flags", "domain-whitelist", "keywords", "connect-ports", "listen-ports",
      "endpoints", "incoming", "default-action", "filter-lists", "require-tls", "framework",
      "special");
  static final List<String> FRAMEWORK_KEYS =
      List.of("find", "build", "virtual", "find-parent-level", "merge-with-parent");

  /** Names people reach for, folded (lower-case, no separators), and the key they mean. */
  private static final Map<String, String> KEY_ALIASES = Map.ofEntries(
      Map.entry("minsecuritylevel", "security-level"),
      Map.entry("minimumsecuritylevel", "security-level"),
      Map.entry("minimumlevel", "security-level"),
      Map.entry("level", "security-level"),
      Map.entry("whitelist", "domain-whitelist"),
      Map.entry("domains", "domain-whitelist"),
      Map.entry("outgoing", "endpoints"),
      Map.entry("ports", "connect-ports"),
      Map.entry("tls", "require-tls"),
      Map.entry("lists", "filter-lists"),
      Map.entry("action", "default-action"),
      Map.entry("executable", "paths"),
      Map.entry("exe", "paths"));

  /** Largest profile file accepted; a profile is a few hundred bytes. */
  static final int MAX_CODE_POINTS = 1 << 20;

  private final String file;
  private final String id;
  private final List<ProfileError> errors = new ArrayList<>();
  private final List<ProfileWarning> warnings = new ArrayList<>();
  private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

  private String name;
  private String description = "";
  private List<String> paths = List.of();
  private boolean defaultProfile;
  private SecurityLevel level = SecurityLevel.DYNAMIC;
  private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
  private List<DomainPattern> whitelist = List.of();
  private List<String> keywords;
  private PortSet connectPorts = PortSet.UNRESTRICTED;
  private PortSet listenPorts = PortSet.UNRESTRICTED;
  private EndpointList endpoints = EndpointList.EMPTY;
  private EndpointList incoming = EndpointList.EMPTY;
  private List<EndpointRule> incomingRules = List.of();
  private DefaultAction defaultAction;
  private List<String> filterLists;
  private boolean requireTls;
  private Framework framework;
  private Special special;
  private final Map<String, Node> keyNodes = new HashMap<>();
  private String[] sourceLines;

  private final Yaml yaml;
  private String text = "";

  /**
   * @param yaml a composer from {@link #newYaml()}; reusable for sequential files of one thread
   */
  ProfileFileParser(String file, String id, Yaml yaml) {
    this.file = file;
    this.id = id;
    this.yaml = yaml;
  }

  /** A SnakeYAML instance with the limits profile files are read with. */
  static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by readRoot with both positions
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(20);
    return new Yaml(options);
  }

  List<ProfileError> errors() {
    return errors;
  }

  List<ProfileWarning> warnings() {
    return warnings;
  }

  /** Parses the file text; the profile, or null when the file has errors. */
  Profile parse(String text) {
    this.text = text;
    Node root = compose(text);
    if (root == null) {
      return null;
    }
    if (!(root instanceof MappingNode)) {
      error(root, 0, "expected a mapping of profile keys (name: ..., paths: ...), got " + describe(root));
      return null;
    }
    readRoot((MappingNode) root);
    checkCombinations(root);
    if (!errors.isEmpty()) {
      return null;
    }
    return Profile.builder(id, name)
        .description(description)
        .paths(paths)
        .defaultProfile(defaultProfile)
        .minimumLevel(level)
        .flags(flags)
        .domainWhitelist(whitelist)
        .keywords(keywords)
        .connectPorts(connectPorts)
        .listenPorts(listenPorts)
        .endpoints(endpoints)
        .incoming(incoming)
        .defaultAction(defaultAction)
        .filterLists(filterLists)
        .requireTls(requireTls)
        .framework(framework)
        .special(special)
        .file(file)
        .locations(locations)
        .build();
  }

  private Node compose(String text) {
    Node first = null;
    try {
      for (Node n : yaml.composeAll(new StringReader(text))) {
        if (first == null) {
          first = n;
        } else {
          error(n, 0, "a profile file holds one profile; found a second YAML document");
          return null;
        }
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? e.getContext() + ": " : "";
      if (m != null) {
        errors.add(new ProfileError(file, m.getLine() + 1, m.getColumn() + 1,
            "YAML syntax: " + context + problem));
      } else {
        errors.add(new ProfileError(file, 0, 0, "YAML syntax: " + context + problem));
      }
      return null;
    } catch (YAMLException e) {
      errors.add(new ProfileError(file, 0, 0, "cannot read YAML: " + e.getMessage()));
      return null;
    }
    if (first == null || first instanceof ScalarNode && ((ScalarNode) first).getTag().equals(Tag.NULL)) {
      errors.add(new ProfileError(file, 1, 1,
          "empty profile; expected a mapping with at least \"name\" and \"paths\""));
      return null;
    }
    return first;
  }

  private void readRoot(MappingNode root) {
    for (NodeTuple t : root.getValue()) {
      String key = key(t.getKeyNode(), KEYS, KEY_ALIASES, "");
      if (key == null) {
        continue;
      }
      Node v = t.getValueNode();
      switch (key) {
        case "name":
          name = string(key, v);
          if (name != null && name.isBlank()) {
            error(v, 0, "\"name\" must not be empty");
            name = null;
          }
          break;
        case "description":
          String d = string(key, v);
          description = d == null ? "" : d;
          break;
        case "paths":
          paths = paths(v);
          break;
        case "default":
          Boolean def = bool(key, v);
          defaultProfile = def != null && def;
          break;
        case "security-level":
          level = securityLevel(v);
          break;
        case "flags":
          readFlags(v);
          break;
        case "domain-whitelist":
          whitelist = whitelist(v);
          break;
        case "keywords":
          keywords = keywords(v);
          break;
        case "connect-ports":
          connectPorts = ports(key, v);
          break;
        case "listen-ports":
          listenPorts = ports(key, v);
          break;
        case "endpoints":
          endpoints = EndpointList.of(rules(key, v));
          break;
        case "incoming":
          incomingRules = rules(key, v);
          incoming = EndpointList.of(incomingRules);
          break;
        case "default-action":
          defaultAction = defaultAction(v);
          break;
        case "filter-lists":
          filterLists = filterLists(v);
          break;
        case "require-tls":
          Boolean tls = bool(key, v);
          requireTls = tls != null && tls;
          break;
        case "framework":
          framework = framework(v);
          break;
        case "special":
          special = special(v);
          break;
        default:
          throw new AssertionError(key);
      }
    }
  }

  /**
   * Reads a mapping key: records its location, reports unknown and duplicate keys. Returns the key,
   * or null when it is to be skipped.
   */
  private String key(Node keyNode, List<String> known, Map<String, String> aliases, String prefix) {
    if (!(keyNode instanceof ScalarNode) || ((ScalarNode) keyNode).getTag().equals(Tag.NULL)) {
      error(keyNode, 0, "expected a key name, got " + describe(keyNode));
      return null;
    }
    String key = ((ScalarNode) keyNode).getValue();
    if (!known.contains(key)) {
      String where = prefix.isEmpty() ? "" : " in \"" + prefix.substring(0, prefix.length() - 1) + "\"";
      error(keyNode, 0, "unknown key \"" + key + "\"" + where + Spelling.hint(key, known, aliases)
          + "; known keys: " + String.join(", ", known));
      return null;
    }
    Node earlier = keyNodes.putIfAbsent(prefix + key, keyNode);
    if (earlier != null) {
      error(keyNode, 0, "duplicate key \"" + key + "\" (first given at line "
          + (earlier.getStartMark().getLine() + 1) + ")");
      return null;
    }
    locations.put(prefix + key, location(keyNode, 0));
    return key;
  }

  private List<String> paths(Node v) {
    List<ScalarNode> items = scalars("paths", v, "absolute executable paths");
    if (items == null) {
      return List.of();
    }
    if (((SequenceNode) v).getValue().isEmpty()) {
      error(v, 0, "\"paths\" is empty; list at least one absolute path");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      String p = n.getValue();
      if (!p.startsWith("/")) {
        error(n, 0, "expected an absolute path (starting with /), got \"" + p + "\"");
        continue;
      }
      if (p.indexOf('\0') >= 0 || p.contains("//") || p.contains("/./") || p.contains("/../")
          || p.endsWith("/.") || p.endsWith("/..")) {
        error(n, 0, "expected a plain absolute path without \"//\", \".\" or \"..\" parts, got \"" + p + "\"");
        continue;
      }
      if (!p.equals(p.strip())) {
        error(n, 0, "path \"" + p + "\" starts or ends with white space");
        continue;
      }
      if (out.contains(p)) {
        error(n, 0, "path \"" + p + "\" is listed twice");
        continue;
      }
      locations.put("paths[" + out.size() + "]", location(n, 0));
      out.add(p);
    }
    return out;
  }

  private SecurityLevel securityLevel(Node v) {
    String s = string("security-level", v);
    if (s == null) {
      return SecurityLevel.DYNAMIC;
    }
    SecurityLevel l = SecurityLevel.fromYaml(s);
    if (l == null) {
      List<String> names = List.of("Dynamic", "Secure", "Fortress");
      error(v, 0, "unknown security level \"" + s + "\"" + Spelling.hint(s, names, Map.of())
          + "; expected Dynamic, Secure or Fortress");
      return SecurityLevel.DYNAMIC;
    }
    return l;
  }

  private void readFlags(Node v) {
    List<ScalarNode> items = scalars("flags", v, "flag names");
    if (items == null) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (Flag f : Flag.values()) {
      names.add(f.yamlName());
    }
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      Flag f = Flag.fromYaml(n.getValue());
      if (f == null) {
        error(n, 0, "unknown flag \"" + n.getValue() + "\"" + Spelling.hint(n.getValue(), names, Map.of())
            + "; known flags: " + String.join(", ", names));
        continue;
      }
      if (!flags.add(f)) {
        warning(n, 0, "flag " + f.yamlName() + " is listed twice");
      }
      locations.put("flags[" + i + "]", location(n, 0));
    }
  }

  private List<DomainPattern> whitelist(Node v) {
    List<ScalarNode> items = scalars("domain-whitelist", v, "domain patterns");
    if (items == null) {
      return List.of();
    }
    if (((SequenceNode) v).getValue().isEmpty()) {
      error(v, 0, "\"domain-whitelist\" is empty, which would deny every domain; remove the key to "
          + "allow all domains, or list the allowed ones");
      return List.of();
    }
    List<DomainPattern> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      try {
        out.add(DomainPattern.parse(n.getValue()));
        locations.put("domain-whitelist[" + i + "]", location(n, 0));
      } catch (EndpointSyntaxException e) {
        error(n, e.column() - 1, "bad domain pattern \"" + n.getValue() + "\": " + e.detail());
      }
    }
    return out;
  }

  private List<String> keywords(Node v) {
    List<ScalarNode> items = scalars("keywords", v, "words");
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      String k = n.getValue().strip().toLowerCase(Locale.ROOT);
      if (k.isEmpty() || !k.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        error(n, 0, "expected a keyword of letters, digits and '-' (matched inside domain names), got \""
            + n.getValue() + "\"");
        continue;
      }
      if (k.length() < 3) {
        warning(n, 0, "keyword \"" + k + "\" is very short and relates many unrelated domains");
      }
      locations.put("keywords[" + i + "]", location(n, 0));
      out.add(k);
    }
    return out;
  }

  private PortSet ports(String key, Node v) {
    List<ScalarNode> items = scalars(key, v, "ports, port ranges (8000-8100) or port names (HTTPS)");
    if (items == null) {
      return PortSet.UNRESTRICTED;
    }
    if (((SequenceNode) v).getValue().isEmpty()) {
      error(v, 0, "\"" + key + "\" is empty, which would allow no port; remove the key to allow all "
          + "ports, or list the allowed ones");
      return PortSet.UNRESTRICTED;
    }
    List<PortRange> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      try {
        out.add(PortRange.parse(n.getValue().strip()));
        locations.put(key + "[" + i + "]", location(n, 0));
      } catch (EndpointSyntaxException e) {
        error(n, e.column() - 1, "bad port in \"" + key + "\": " + e.detail());
      }
    }
    return new PortSet(out);
  }

  /**
   * Reads an endpoint list: a YAML list of rules, or a literal block ({@code |}) with one rule per
   * line, which spares quoting the rules that start with "-".
   */
  private List<EndpointRule> rules(String key, Node v) {
    if (v instanceof ScalarNode && ((ScalarNode) v).getScalarStyle() == DumperOptions.ScalarStyle.LITERAL) {
      return blockRules(key, (ScalarNode) v);
    }
    if (!(v instanceof SequenceNode)) {
      error(v, 0, "expected a list of endpoint rules for \"" + key + "\" (or a | block with one rule "
          + "per line), got " + describe(v));
      return List.of();
    }
    List<EndpointRule> out = new ArrayList<>();
    for (Node item : ((SequenceNode) v).getValue()) {
      if (item instanceof SequenceNode) {
        error(item, 0, "expected an endpoint rule in \"" + key + "\", got a list: a rule that starts "
            + "with \"-\" must be quoted in a YAML list (- \"- 10.0.0.0/8\"), or write the rules as a "
            + "| block");
        continue;
      }
      if (!(item instanceof ScalarNode) || ((ScalarNode) item).getTag().equals(Tag.NULL)) {
        error(item, 0, "expected an endpoint rule in \"" + key + "\", got " + describe(item));
        continue;
      }
      checkTag(item);
      ScalarNode n = (ScalarNode) item;
      try {
        out.add(EndpointRuleParser.parse(n.getValue(), file, n.getStartMark().getLine() + 1, out.size()));
        locations.put(key + "[" + (out.size() - 1) + "]", location(n, 0));
      } catch (EndpointSyntaxException e) {
        error(n, e.column() - 1, "bad endpoint rule \"" + n.getValue().strip() + "\": " + e.detail());
      }
    }
    return out;
  }

  private List<EndpointRule> blockRules(String key, ScalarNode v) {
    List<EndpointRule> out = new ArrayList<>();
    String[] lines = v.getValue().split("\n", -1);
    int firstLine = v.getStartMark().getLine() + 1; // 0-based line after the "|" indicator
    for (int i = 0; i < lines.length; i++) {
      String rule = lines[i];
      String trimmed = rule.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int line = firstLine + i + 1;
      if (sourceLines == null) {
        sourceLines = text.split("\r?\n", -1);
      }
      String source = firstLine + i < sourceLines.length ? sourceLines[firstLine + i] : "";
      int indent = source.endsWith(rule) ? source.length() - rule.length() : 0;
      try {
        out.add(EndpointRuleParser.parse(rule, file, line, out.size()));
        locations.put(key + "[" + (out.size() - 1) + "]", new SourceLocation(file, line, indent + 1));
      } catch (EndpointSyntaxException e) {
        errors.add(new ProfileError(file, line, indent + e.column(),
            "bad endpoint rule \"" + trimmed + "\": " + e.detail()));
      }
    }
    return out;
  }

  private DefaultAction defaultAction(Node v) {
    String s = string("default-action", v);
    if (s == null) {
      return null;
    }
    DefaultAction a = DefaultAction.fromYaml(s);
    if (a == null) {
      error(v, 0, "unknown default action \"" + s + "\""
          + Spelling.hint(s, List.of("permit", "block", "drop"),
              Map.of("allow", "permit", "accept", "permit", "deny", "block", "reject", "block"))
          + "; expected permit, block or drop");
    }
    return a;
  }

  private List<String> filterLists(Node v) {
    List<ScalarNode> items = scalars("filter-lists", v, "filter list ids or categories");
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ScalarNode n = items.get(i);
      String s = n.getValue().strip();
      if (s.isEmpty() || !s.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        error(n, 0, "expected a filter list id or category (letters, digits, '-', '_'), got \""
            + n.getValue() + "\"");
        continue;
      }
      locations.put("filter-lists[" + i + "]", location(n, 0));
      out.add(s.toUpperCase(Locale.ROOT));
    }
    return out;
  }

  private Special special(Node v) {
    String s = string("special", v);
    if (s == null) {
      return null;
    }
    Special sp = Special.fromYaml(s);
    if (sp == null) {
      List<String> names = List.of("unidentified", "kernel", "resolver", "self");
      error(v, 0, "unknown special profile \"" + s + "\"" + Spelling.hint(s, names, Map.of())
          + "; expected unidentified, kernel, resolver or self");
    }
    return sp;
  }

  private Framework framework(Node v) {
    if (!(v instanceof MappingNode)) {
      error(v, 0, "expected a mapping for \"framework\" (find/build or find-parent-level), got "
          + describe(v));
      return null;
    }
    ScalarNode findNode = null;
    ScalarNode buildNode = null;
    Pattern find = null;
    BuildTemplate build = null;
    Boolean virtual = null;
    int parentLevel = 0;
    Boolean merge = null;
    int before = errors.size();
    for (NodeTuple t : ((MappingNode) v).getValue()) {
      String key = key(t.getKeyNode(), FRAMEWORK_KEYS, Map.of("parentlevel", "find-parent-level",
          "parent", "find-parent-level", "merge", "merge-with-parent", "regex", "find"), "framework.");
      if (key == null) {
        continue;
      }
      Node value = t.getValueNode();
      switch (key) {
        case "find":
          String f = string("find", value);
          if (f != null) {
            findNode = (ScalarNode) value;
            try {
              find = Pattern.compile(f);
            } catch (PatternSyntaxException e) {
              error(value, Math.max(0, e.getIndex()), "bad regular expression in \"find\": "
                  + e.getDescription());
            }
          }
          break;
        case "build":
          String b = string("build", value);
          if (b != null) {
            buildNode = (ScalarNode) value;
            try {
              build = BuildTemplate.parse(b);
            } catch (InvalidValueException e) {
              error(value, e.offset(), "bad \"build\": " + e.getMessage());
            }
          }
          break;
        case "virtual":
          virtual = bool("virtual", value);
          break;
        case "find-parent-level":
          parentLevel = parentLevel(value);
          break;
        case "merge-with-parent":
          merge = bool("merge-with-parent", value);
          break;
        default:
          throw new AssertionError(key);
      }
    }
    if (findNode != null && buildNode == null) {
      error(findNode, 0, "\"find\" needs \"build\" to make the new path from its groups");
    }
    if (buildNode != null && findNode == null) {
      error(buildNode, 0, "\"build\" needs \"find\", the regex whose groups it uses");
    }
    if (findNode == null && buildNode == null && parentLevel == 0 && errors.size() == before) {
      error(v, 0, "a framework needs \"find\" and \"build\" (rewrite the command line) or "
          + "\"find-parent-level\" (go up the process tree)");
    }
    if ((findNode != null || buildNode != null) && parentLevel > 0) {
      error(keyNodes.get("framework.find-parent-level"), 0, "a framework either rewrites the command "
          + "line (find/build) or goes up the process tree (find-parent-level), not both");
    }
    if (Boolean.TRUE.equals(merge) && parentLevel == 0) {
      error(keyNodes.get("framework.merge-with-parent"), 0,
          "\"merge-with-parent\" needs \"find-parent-level\"");
    }
    if (Boolean.TRUE.equals(virtual) && findNode == null) {
      error(keyNodes.get("framework.virtual"), 0, "\"virtual\" applies to a built path; it needs "
          + "\"find\" and \"build\"");
    }
    if (find != null && build != null) {
      try {
        build.checkAgainst(find);
      } catch (InvalidValueException e) {
        error(buildNode, e.offset(), "bad \"build\": " + e.getMessage());
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new Framework(find, build, Boolean.TRUE.equals(virtual), parentLevel, Boolean.TRUE.equals(merge));
  }

  private int parentLevel(Node v) {
    if (!(v instanceof ScalarNode) || !((ScalarNode) v).getTag().equals(Tag.INT)
        || !((ScalarNode) v).getValue().chars().allMatch(c -> c >= '0' && c <= '9')) {
      error(v, 0, "expected a number of levels (1-" + Framework.MAX_PARENT_LEVEL
          + ") for \"find-parent-level\", got " + describe(v));
      return 0;
    }
    String s = ((ScalarNode) v).getValue();
    int n = s.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(s);
    if (n < 1 || n > Framework.MAX_PARENT_LEVEL) {
      error(v, 0, "\"find-parent-level\" must be 1-" + Framework.MAX_PARENT_LEVEL + ", got " + s);
      return 0;
    }
    return n;
  }

  /** Cross-key rules of one profile. */
  private void checkCombinations(Node root) {
    if (name == null && !keyNodes.containsKey("name")) {
      error(root, 0, "missing required key \"name\"");
    }
    boolean pathless = special == Special.UNIDENTIFIED || special == Special.KERNEL
        || special == Special.SELF;
    if (pathless && keyNodes.containsKey("paths")) {
      error(keyNodes.get("paths"), 0, "the special profile \"" + special.yamlName() + "\" is not "
          + "matched by path (" + (special == Special.SELF ? "it is Netreeve's own process"
              : special == Special.KERNEL ? "it is the kernel" : "the process is unknown")
          + "); remove \"paths\"");
    } else if (!pathless && !keyNodes.containsKey("paths")
        && !(keyNodes.containsKey("special") && special == null)) {
      error(root, 0, "missing required key \"paths\" (the executables this profile is for)");
    }
    if (special != null && keyNodes.containsKey("default") && defaultProfile) {
      error(keyNodes.get("default"), 0, "a special profile cannot be a default (folder) profile");
    }
    if (special != null && keyNodes.containsKey("framework")) {
      error(keyNodes.get("framework"), 0, "a special profile cannot be a framework profile");
    }
    if (defaultProfile && keyNodes.containsKey("framework")) {
      error(keyNodes.get("framework"), 0, "a framework profile matches exact paths; it cannot be a "
          + "default (folder) profile");
    }
    if (!defaultProfile) {
      for (int i = 0; i < paths.size(); i++) {
        if (paths.get(i).endsWith("/")) {
          SourceLocation at = locations.get("paths[" + i + "]");
          errors.add(new ProfileError(file, at.line(), at.column(), "path \"" + paths.get(i)
              + "\" is a folder; an exact path names an executable, and a folder needs \"default: true\""));
        }
      }
    }
    if (keyNodes.containsKey("listen-ports") && !flags.contains(Flag.SERVICE)) {
      warning(keyNodes.get("listen-ports"), 0, "\"listen-ports\" has no effect without the Service "
          + "flag, which is needed to listen at all");
    }
    if (keyNodes.containsKey("incoming") && !flags.contains(Flag.SERVICE)) {
      warning(keyNodes.get("incoming"), 0, "\"incoming\" rules have no effect without the Service "
          + "flag, which is needed to accept connections at all");
    }
    for (EndpointRule r : incomingRules) {
      if (r.ports() != null && !r.localPort()) {
        warnings.add(new ProfileWarning(file, r.line(), 0, "incoming rule \"" + r.text() + "\" "
            + "matches the peer's port; to match the port this application listens on write "
            + "local:PORT (e.g. TCP/local:22)"));
      }
    }
    if (flags.contains(Flag.STRICT)) {
      List<String> effective = keywords != null ? keywords
          : Profile.defaultKeywords(name == null ? "" : name, paths);
      if (effective.isEmpty()) {
        warning(keyNodes.getOrDefault("keywords", root), 0, "the Strict flag relates domains through "
            + "keywords, but this profile has none, so every domain counts as unrelated");
      }
    }
    if (flags.contains(Flag.SYSTEM) && flags.contains(Flag.USER)) {
      warning(keyNodes.getOrDefault("flags", root), 0, "flags System and User together: no user "
          + "can be both, so the application is always denied");
    }
  }

  /** A scalar's text, or null (with an error) when the node is not a scalar. */
  private String string(String key, Node v) {
    if (v instanceof ScalarNode && !((ScalarNode) v).getTag().equals(Tag.NULL)) {
      checkTag(v);
      return ((ScalarNode) v).getValue();
    }
    error(v, 0, "expected a text value for \"" + key + "\", got " + describe(v));
    return null;
  }

  private Boolean bool(String key, Node v) {
    if (v instanceof ScalarNode) {
      String s = ((ScalarNode) v).getValue();
      if (s.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (s.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    error(v, 0, "expected true or false for \"" + key + "\", got " + describe(v));
    return null;
  }

  /**
   * The items of a list of scalars, or null (with an error) when the node is not a list. Items that
   * are not scalars get an error and are left out.
   */
  private List<ScalarNode> scalars(String key, Node v, String what) {
    if (!(v instanceof SequenceNode)) {
      error(v, 0, "expected a list of " + what + " for \"" + key + "\", got " + describe(v));
      return null;
    }
    List<ScalarNode> out = new ArrayList<>();
    for (Node item : ((SequenceNode) v).getValue()) {
      if (item instanceof ScalarNode && !((ScalarNode) item).getTag().equals(Tag.NULL)) {
        checkTag(item);
        out.add((ScalarNode) item);
      } else {
        error(item, 0, "expected one of " + what + " in \"" + key + "\", got " + describe(item));
      }
    }
    return out;
  }

  private void checkTag(Node n) {
    if (!Tag.standardTags.contains(n.getTag())) {
      error(n, 0, "YAML tags such as " + n.getTag().getValue() + " are not supported in profiles");
    }
  }

  private static String describe(Node n) {
    if (n == null) {
      return "nothing";
    }
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) n;
    if (s.getTag().equals(Tag.NULL)) {
      return "nothing";
    }
    return "\"" + s.getValue() + "\"";
  }

  private void error(Node n, int offset, String message) {
    SourceLocation l = n == null ? new SourceLocation(file, 0, 0) : location(n, offset);
    errors.add(new ProfileError(file, l.line(), l.column(), message));
  }

  private void warning(Node n, int offset, String message) {
    SourceLocation l = location(n, offset);
    warnings.add(new ProfileWarning(file, l.line(), l.column(), message));
  }

  /**
   * The location of the character {@code offset} inside a node's value. Exact for plain and quoted
   * scalars on one line without escapes; otherwise the node's start.
   */
  private SourceLocation location(Node n, int offset) {
    Mark start = n.getStartMark();
    int line = start.getLine() + 1;
    int column = start.getColumn() + 1;
    if (offset > 0 && n instanceof ScalarNode) {
      ScalarNode s = (ScalarNode) n;
      Mark end = s.getEndMark();
      int width = end.getColumn() - start.getColumn();
      boolean oneLine = end.getLine() == start.getLine();
      DumperOptions.ScalarStyle style = s.getScalarStyle();
      if (oneLine && style == DumperOptions.ScalarStyle.PLAIN && width == s.getValue().length()) {
        column += offset;
      } else if (oneLine && (style == DumperOptions.ScalarStyle.SINGLE_QUOTED
          || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) && width == s.getValue().length() + 2) {
        column += 1 + offset;
      }
    }
    return new SourceLocation(file, line, column);
  }
}
