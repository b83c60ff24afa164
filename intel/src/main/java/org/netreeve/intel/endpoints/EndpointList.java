package org.netreeve.intel.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered endpoint list: the first rule that matches decides.
 *
 * <p>Immutable and thread-safe. Matching walks the rules in order with plain comparisons; the only
 * allocation is one copy of the target's address bytes, and only when the list holds address
 * rules and the target has an address.
 */
public final class EndpointList {

  /** A list without rules; every target gives NO_MATCH. */
  public static final EndpointList EMPTY = new EndpointList(new EndpointRule[0]);

  private final EndpointRule[] rules;
  private final boolean needsIp;

  private EndpointList(EndpointRule[] rules) {
    this.rules = rules;
    boolean ip = false;
    for (EndpointRule r : rules) {
      ip |= r.entity() instanceof EndpointEntity.Ip;
    }
    this.needsIp = ip;
  }

  /**
   * A list of already parsed rules.
   *
   * @throws IllegalArgumentException when a rule's index is not its position in the list
   */
  public static EndpointList of(List<EndpointRule> rules) {
    EndpointRule[] array = rules.toArray(new EndpointRule[0]);
    for (int i = 0; i < array.length; i++) {
      if (array[i].index() != i) {
        throw new IllegalArgumentException(
            "rule \"" + array[i].text() + "\" has index " + array[i].index() + " but stands at " + i);
      }
    }
    return array.length == 0 ? EMPTY : new EndpointList(array);
  }

  /**
   * Parses a list, one rule per line. Blank lines and lines starting with {@code #} are skipped; a
   * rule may end with a {@code #} comment. All errors are collected.
   *
   * @param text the list
   * @param file the file name used in rule locations and errors (may be null)
   * @throws EndpointListException listing every bad line, each with its line and column
   */
  public static EndpointList parse(String text, String file) {
    List<EndpointRule> rules = new ArrayList<>();
    List<EndpointSyntaxException> errors = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        rules.add(EndpointRuleParser.parse(line, file, i + 1, rules.size()));
      } catch (EndpointSyntaxException e) {
        errors.add(e.file() == null && e.line() == 0 ? e.at(file, i + 1) : e);
      }
    }
    if (!errors.isEmpty()) {
      throw new EndpointListException(errors);
    }
    return of(rules);
  }

  /** Matches a target: the first matching rule decides; NO_MATCH when none does. */
  public EndpointResult match(EndpointTarget target) {
    return matchRules(rules, needsIp, target);
  }

  static EndpointResult matchRules(EndpointRule[] rules, boolean needsIp, EndpointTarget target) {
    Objects.requireNonNull(target, "target");
    int version = 0;
    long high = 0;
    long low = 0;
    if (needsIp && target.ip() != null) {
      byte[] a = target.ip().getAddress();
      if (a.length == 4) {
        version = 4;
        low = readInt(a, 0) & 0xFFFFFFFFL;
      } else {
        version = 6;
        high = (readInt(a, 0) & 0xFFFFFFFFL) << 32 | (readInt(a, 4) & 0xFFFFFFFFL);
        low = (readInt(a, 8) & 0xFFFFFFFFL) << 32 | (readInt(a, 12) & 0xFFFFFFFFL);
      }
    }
    for (EndpointRule rule : rules) {
      EndpointResult r = rule.match(target, version, high, low);
      if (r != null) {
        return r;
      }
    }
    return EndpointResult.NO_MATCH;
  }

  private static int readInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8
        | (b[off + 3] & 0xFF);
  }

  /** The rules in order. */
  public List<EndpointRule> rules() {
    return List.of(rules);
  }

  public int size() {
    return rules.length;
  }

  public boolean isEmpty() {
    return rules.length == 0;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (EndpointRule r : rules) {
      b.append(r.text()).append('\n');
    }
    return b.toString();
  }
}
