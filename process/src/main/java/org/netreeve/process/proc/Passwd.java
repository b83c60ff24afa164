package org.netreeve.process.proc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The uid → name part of a passwd(5) file.
 *
 * @param names    user name by uid; the first line for a uid wins, as getpwuid(3) answers
 * @param problems one message per line that was skipped, naming the file and line
 */
public record Passwd(Map<Integer, String> names, List<String> problems) {

  public static final Passwd EMPTY = new Passwd(Map.of(), List.of());

  public Passwd {
    names = Map.copyOf(names);
    problems = List.copyOf(problems);
  }

  /** The name for {@code uid}, or null when the file has none. */
  public String name(int uid) {
    return names.get(uid);
  }

  /**
   * Parses passwd content: {@code name:password:uid:gid:gecos:home:shell} per line. Blank lines,
   * comments and NIS compat lines ({@code +}/{@code -}) are ignored; malformed lines are
   * skipped and reported in {@link #problems()}.
   *
   * @param source the file name used in problem messages
   */
  public static Passwd parse(String source, String content) {
    Objects.requireNonNull(source, "source");
    Map<Integer, String> names = new HashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue;
      }
      String[] fields = line.split(":", -1);
      int lineNumber = i + 1;
      if (fields.length != 7) {
        problems.add(source + ":" + lineNumber + ": expected 7 fields separated by ':', found "
            + fields.length);
        continue;
      }
      if (fields[0].isEmpty()) {
        problems.add(source + ":" + lineNumber + ": empty user name");
        continue;
      }
      int uid;
      try {
        uid = Integer.parseInt(fields[2]);
      } catch (NumberFormatException e) {
        problems.add(source + ":" + lineNumber + ": uid \"" + fields[2] + "\" is not a number");
        continue;
      }
      if (uid < 0) {
        problems.add(source + ":" + lineNumber + ": uid " + uid + " is negative");
        continue;
      }
      names.putIfAbsent(uid, fields[0]);
    }
    return new Passwd(names, problems);
  }
}
