package org.netreeve.engine.rulebase;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each rule is written: rule (package and name) → file and line, read from the DRL sources.
 *
 * <p>Audit records name the deciding rule's file and line; Drools does not keep them for the
 * executable model, so Netreeve reads them from the sources it compiled.
 */
public final class RuleIndex {

  /** The location of one rule in its source. */
  public record Location(String file, int line) {}

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?");
  private static final Pattern RULE =
      Pattern.compile("^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'|([^\\s\"']+))");

  /** Package → rule name → location. */
  private final Map<String, Map<String, Location>> locations = new HashMap<>();

  /** Adds every rule of one DRL source. */
  public void add(String file, String source) {
    String pkg = "";
    String[] lines = source.split("\n", -1);
    boolean inBlockComment = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (inBlockComment) {
        int end = line.indexOf("*/");
        if (end < 0) {
          continue;
        }
        inBlockComment = false;
        line = line.substring(end + 2);
      }
      if (line.trim().startsWith("/*") && !line.contains("*/")) {
        inBlockComment = true;
        continue;
      }
      Matcher p = PACKAGE.matcher(line);
      if (p.find()) {
        pkg = p.group(1);
        continue;
      }
      Matcher r = RULE.matcher(line);
      if (r.find()) {
        String name = r.group(1) != null ? r.group(1) : r.group(2) != null ? r.group(2) : r.group(3);
        name = name.replace("\\\"", "\"").replace("\\'", "'");
        locations.computeIfAbsent(pkg, k -> new HashMap<>()).putIfAbsent(name, new Location(file, i + 1));
      }
    }
  }

  /** The location of a rule, or null when it is not from an indexed source. */
  public Location locate(String pkg, String rule) {
    Map<String, Location> p = locations.get(pkg);
    return p == null ? null : p.get(rule);
  }

  /** A copy that further sources can be added to. */
  public RuleIndex copy() {
    RuleIndex c = new RuleIndex();
    locations.forEach((pkg, rules) -> c.locations.put(pkg, new HashMap<>(rules)));
    return c;
  }

  public int size() {
    int n = 0;
    for (Map<String, Location> p : locations.values()) {
      n += p.size();
    }
    return n;
  }
}
