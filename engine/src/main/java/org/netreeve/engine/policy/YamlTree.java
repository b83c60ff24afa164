package org.netreeve.engine.policy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netreeve.profiles.yaml.Spelling;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading a YAML file strictly, with the position of every value: unknown keys, wrong types and
 * duplicate keys are errors naming file, line and column. Used for policy.yaml and scenario files.
 *
 * <p>Collects errors instead of throwing, so one run reports everything wrong with a file.
 */
public final class YamlTree {

  private final String file;
  private final List<PolicyError> errors;

  public YamlTree(String file, List<PolicyError> errors) {
    this.file = file;
    this.errors = errors;
  }

  public String file() {
    return file;
  }

  /** How many errors have been recorded so far (by this reader and others sharing the list). */
  public int errorCount() {
    return errors.size();
  }

  /** Parses {@code text}; returns the root mapping, or null (with an error) when it is not one. */
  public MappingNode root(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(8 * 1024 * 1024);
    Node node;
    try {
      node = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      errors.add(new PolicyError(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
          "not valid YAML: " + e.getProblem()));
      return null;
    } catch (RuntimeException e) {
      errors.add(new PolicyError(file, 0, 0, "not valid YAML: " + e.getMessage()));
      return null;
    }
    if (node == null) {
      return new MappingNode(Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    }
    if (!(node instanceof MappingNode m)) {
      error(node, "expected a mapping of settings (key: value) at the top level");
      return null;
    }
    return m;
  }

  /**
   * The keys of {@code map} by name, in order. An unknown key (with a suggestion) or a duplicate
   * key is an error; {@code allowed} null accepts any key.
   */
  public Map<String, Node> keys(MappingNode map, Set<String> allowed, String where) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "expected a plain key" + where);
        continue;
      }
      String key = k.getValue();
      if (out.containsKey(key)) {
        error(k, "duplicate key \"" + key + "\"" + where);
        continue;
      }
      if (allowed != null && !allowed.contains(key)) {
        String hint = suggest(key, allowed);
        error(k, "unknown key \"" + key + "\"" + where + (hint == null ? "" : "; did you mean \"" + hint + "\"?")
            + " Known keys: " + String.join(", ", new java.util.TreeSet<>(allowed)));
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  /** A scalar's text, or null with an error naming {@code what}. */
  public String scalar(Node n, String what) {
    if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
      return s.getValue();
    }
    error(n, "expected " + what + ", got " + describe(n));
    return null;
  }

  /** A mapping, or null with an error. */
  public MappingNode mapping(Node n, String what) {
    if (n instanceof MappingNode m) {
      return m;
    }
    error(n, "expected " + what + " (a mapping of key: value), got " + describe(n));
    return null;
  }

  /** The items of a sequence (a single scalar counts as a one-item list), or null with an error. */
  public List<Node> list(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
      return List.of(n);
    }
    if (n instanceof ScalarNode) {
      return List.of();
    }
    error(n, "expected " + what + " (a list), got " + describe(n));
    return null;
  }

  /** The scalars of a list, skipping (with errors) items that are not scalars. */
  public List<String> strings(Node n, String what) {
    List<Node> items = list(n, "a list of " + what);
    List<String> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (Node i : items) {
      String s = scalar(i, what);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** A boolean (true/false/yes/no), or {@code fallback} with an error. */
  public boolean bool(Node n, String what, boolean fallback) {
    String s = scalar(n, what + " (true or false)");
    if (s == null) {
      return fallback;
    }
    switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on":
        return true;
      case "false", "no", "off":
        return false;
      default:
        error(n, "expected " + what + " (true or false), got \"" + s + "\"");
        return fallback;
    }
  }

  /** An integer within [min, max], or {@code fallback} with an error. */
  public int integer(Node n, String what, int min, int max, int fallback) {
    String s = scalar(n, what);
    if (s == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(s.trim());
      if (v < min || v > max) {
        error(n, "expected " + what + " between " + min + " and " + max + ", got " + v);
        return fallback;
      }
      return v;
    } catch (NumberFormatException e) {
      error(n, "expected " + what + " (a whole number), got \"" + s + "\"");
      return fallback;
    }
  }

  /** Records an error at {@code n}'s position. */
  public void error(Node n, String message) {
    Mark m = n == null ? null : n.getStartMark();
    errors.add(new PolicyError(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, message));
  }

  /** Records an error at {@code n}'s position, shifted {@code columnOffset} columns into a scalar. */
  public void errorAt(Node n, int columnOffset, String message) {
    Mark m = n == null ? null : n.getStartMark();
    errors.add(new PolicyError(file, m == null ? 0 : m.getLine() + 1,
        m == null ? 0 : m.getColumn() + 1 + columnOffset, message));
  }

  public static int line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  private static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    if (n instanceof ScalarNode s) {
      return s.getTag().equals(Tag.NULL) ? "nothing" : "\"" + s.getValue() + "\"";
    }
    return "something else";
  }

  /** The allowed key closest to {@code key}, or null. */
  static String suggest(String key, Set<String> allowed) {
    return Spelling.closest(key, allowed, Map.of());
  }
}
