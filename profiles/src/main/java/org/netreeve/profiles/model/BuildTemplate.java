package org.netreeve.profiles.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code build} string of a framework profile: literal text with references to the groups of
 * {@code find}: {@code $1}, {@code ${1}}, {@code ${name}}; {@code $$} is a literal dollar sign.
 * {@code $12} is group 12; write {@code ${1}2} for group 1 followed by "2".
 *
 * @param text  the template as written
 * @param parts the template split into literals and group references
 */
public record BuildTemplate(String text, List<Part> parts) {

  /** One piece of a template. */
  public sealed interface Part {
    /** 0-based position in the template text, for error messages. */
    int offset();
  }

  /** Literal text. */
  public record Literal(String text, int offset) implements Part {}

  /** A numbered group reference. */
  public record GroupNumber(int group, int offset) implements Part {}

  /** A named group reference. */
  public record GroupName(String name, int offset) implements Part {}

  public BuildTemplate {
    Objects.requireNonNull(text, "text");
    parts = List.copyOf(parts);
  }

  /**
   * Parses a template.
   *
   * @throws InvalidValueException at the offending "$"
   */
  public static BuildTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int literalStart = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        literal.append(c);
        i++;
        continue;
      }
      if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
        continue;
      }
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString(), literalStart));
        literal.setLength(0);
      }
      int start = i;
      i++;
      if (i < text.length() && isDigit(text.charAt(i))) {
        int end = i;
        while (end < text.length() && isDigit(text.charAt(end))) {
          end++;
        }
        parts.add(new GroupNumber(number(text.substring(i, end), start), start));
        i = end;
      } else if (i < text.length() && text.charAt(i) == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new InvalidValueException(start, "\"${\" without a closing \"}\"");
        }
        String ref = text.substring(i + 1, close);
        if (ref.isEmpty()) {
          throw new InvalidValueException(start, "empty group reference \"${}\"");
        }
        if (ref.chars().allMatch(BuildTemplate::isDigit)) {
          parts.add(new GroupNumber(number(ref, start), start));
        } else if (validName(ref)) {
          parts.add(new GroupName(ref, start));
        } else {
          throw new InvalidValueException(start + 2,
              "\"" + ref + "\" is not a group number or name (names are letters and digits, "
                  + "starting with a letter)");
        }
        i = close + 1;
      } else {
        throw new InvalidValueException(start,
            "expected a group number ($1), a group reference (${1}, ${name}) or $$ after \"$\"");
      }
      literalStart = i;
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString(), literalStart));
    }
    return new BuildTemplate(text, parts);
  }

  /**
   * Checks that every reference names a group of {@code find}.
   *
   * @throws InvalidValueException at the first bad reference
   */
  public void checkAgainst(Pattern find) {
    int groups = find.matcher("").groupCount();
    for (Part p : parts) {
      if (p instanceof GroupNumber) {
        int g = ((GroupNumber) p).group();
        if (g > groups) {
          throw new InvalidValueException(p.offset(), "build refers to group " + g + ", but find has "
              + (groups == 0 ? "no groups" : groups == 1 ? "only 1 group" : "only " + groups + " groups"));
        }
      } else if (p instanceof GroupName) {
        String name = ((GroupName) p).name();
        if (!hasNamedGroup(find, name)) {
          throw new InvalidValueException(p.offset(),
              "build refers to group \"" + name + "\", but find has no group (?<" + name + ">...)");
        }
      }
    }
  }

  /**
   * Builds the new path from a successful match; null when a referenced group did not take part
   * in the match (the rewrite then fails and the framework profile itself applies).
   */
  public String expand(Matcher m) {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      String piece;
      if (p instanceof Literal) {
        piece = ((Literal) p).text();
      } else if (p instanceof GroupNumber) {
        piece = m.group(((GroupNumber) p).group());
      } else {
        piece = m.group(((GroupName) p).name());
      }
      if (piece == null) {
        return null;
      }
      b.append(piece);
    }
    return b.toString();
  }

  private static boolean hasNamedGroup(Pattern find, String name) {
    // Java 17 has no API listing named groups; a match is needed before group(name) may be asked,
    // so probe with an empty alternative that always matches.
    Matcher probe;
    try {
      probe = Pattern.compile("(?:" + find.pattern() + ")|", find.flags()).matcher("");
    } catch (IllegalArgumentException e) {
      // The wrapper can break patterns that end inside \Q...; fall back to reading the text.
      return find.pattern().contains("(?<" + name + ">");
    }
    if (!probe.find()) {
      return find.pattern().contains("(?<" + name + ">");
    }
    try {
      probe.group(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int number(String digits, int offset) {
    if (digits.length() > 3) {
      throw new InvalidValueException(offset, "group number " + digits + " is too large");
    }
    return Integer.parseInt(digits);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean validName(String s) {
    if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || s.charAt(0) > 0x7F) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }
}
