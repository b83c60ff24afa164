package org.netreeve.profiles.yaml;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** "Did you mean" suggestions for misspelt keys and names (profiles, and the engine's YAML files). */
public final class Spelling {

  private Spelling() {}

  /**
   * The closest candidate to {@code input}, or null when none is close: equal ignoring case and
   * separators, a known alias, or within an edit distance of a third of the length (at least 2).
   */
  public static String closest(String input, Collection<String> candidates, Map<String, String> aliases) {
    String folded = fold(input);
    String alias = aliases.get(folded);
    if (alias != null) {
      return alias;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String fc = fold(c);
      if (fc.equals(folded)) {
        return c;
      }
      int d = distance(folded, fc);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    int limit = Math.max(2, folded.length() / 3);
    return bestDistance <= limit ? best : null;
  }

  /** " (did you mean "x"?)" or "". */
  static String hint(String input, Collection<String> candidates, Map<String, String> aliases) {
    String c = closest(input, candidates, aliases);
    return c == null ? "" : " (did you mean \"" + c + "\"?)";
  }

  private static String fold(String s) {
    return s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
