package org.netreeve.intel.endpoints;

import java.net.IDN;
import java.util.Locale;
import java.util.Objects;

/**
 * A domain pattern of the endpoint syntax, precompiled to a plain string comparison.
 *
 * <table>
 *   <caption>Forms</caption>
 *   <tr><th>written</th><th>kind</th><th>matches</th></tr>
 *   <tr><td>{@code example.com}</td><td>EXACT</td><td>example.com only</td></tr>
 *   <tr><td>{@code .example.com}</td><td>ZONE</td><td>example.com and all its subdomains</td></tr>
 *   <tr><td>{@code *.example.com}</td><td>SUBDOMAINS</td><td>subdomains of example.com, not
 *       example.com itself</td></tr>
 *   <tr><td>{@code *example.com}</td><td>SUFFIX</td><td>any domain ending in "example.com",
 *       also myexample.com</td></tr>
 *   <tr><td>{@code example.*}</td><td>PREFIX</td><td>any domain starting with "example."</td></tr>
 *   <tr><td>{@code *tracker*}</td><td>CONTAINS</td><td>any domain containing "tracker"</td></tr>
 * </table>
 *
 * <p>Patterns are case-insensitive (stored lower-case), a trailing dot is optional, and
 * internationalised names are stored in their ASCII (punycode) form. Matching expects a domain
 * normalised with {@link #normalise} and does not allocate.
 *
 * @param kind  the form
 * @param value the literal part the comparison uses, lower-case ASCII (for SUBDOMAINS it includes
 *              the leading dot)
 * @param text  the pattern as written
 */
public record DomainPattern(Kind kind, String value, String text) {

  /** The forms a domain pattern takes. */
  public enum Kind {
    EXACT,
    ZONE,
    SUBDOMAINS,
    SUFFIX,
    PREFIX,
    CONTAINS
  }

  private static final int MAX_DOMAIN = 253;
  private static final int MAX_LABEL = 63;

  public DomainPattern {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(text, "text");
  }

  /**
   * Whether a domain matches; {@code domain} must be normalised (lower-case, no trailing dot).
   * A null domain never matches.
   */
  public boolean matches(String domain) {
    if (domain == null) {
      return false;
    }
    switch (kind) {
      case EXACT:
        return domain.equals(value);
      case ZONE:
        return domain.equals(value)
            || domain.length() > value.length() && domain.endsWith(value)
                && domain.charAt(domain.length() - value.length() - 1) == '.';
      case SUBDOMAINS:
        return domain.length() > value.length() && domain.endsWith(value);
      case SUFFIX:
        return domain.endsWith(value);
      case PREFIX:
        return domain.startsWith(value);
      case CONTAINS:
        return domain.contains(value);
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * Normalises a domain for matching: lower-case, without the trailing dot; null and "" give null.
   */
  public static String normalise(String domain) {
    if (domain == null) {
      return null;
    }
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (d.isEmpty()) {
      return null;
    }
    return d.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a domain pattern.
   *
   * @throws EndpointSyntaxException naming the column (relative to {@code text}) and what was expected
   */
  public static DomainPattern parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new EndpointSyntaxException(1, "expected a domain pattern, got nothing");
    }
    if (text.equals("*")) {
      throw new EndpointSyntaxException(1,
          "a bare * is not a domain pattern; write a domain such as example.com or .example.com");
    }
    String t = text;
    if (t.length() > 1 && t.endsWith(".") && !t.endsWith("*.") && !t.endsWith("..")) {
      t = t.substring(0, t.length() - 1);
    }
    boolean starStart = t.startsWith("*");
    boolean starEnd = t.endsWith("*");
    int bodyStart = starStart ? 1 : 0;
    int bodyEnd = starEnd ? t.length() - 1 : t.length();
    if (bodyEnd <= bodyStart) {
      throw new EndpointSyntaxException(1, "expected a domain between the stars, got \"" + text + "\"");
    }
    int inner = t.indexOf('*', bodyStart);
    if (inner >= 0 && inner < bodyEnd) {
      throw new EndpointSyntaxException(inner + 1,
          "a * may only stand at the start or the end of a domain pattern, got \"" + text + "\"");
    }
    String body = ascii(t.substring(bodyStart, bodyEnd), bodyStart);
    Kind kind;
    String value;
    if (starStart && starEnd) {
      kind = Kind.CONTAINS;
      value = body;
      check(value, bodyStart, true, true, text);
    } else if (starStart && body.startsWith(".")) {
      kind = Kind.SUBDOMAINS;
      value = body;
      check(body.substring(1), bodyStart + 1, false, false, text);
    } else if (starStart) {
      kind = Kind.SUFFIX;
      value = body;
      check(value, bodyStart, false, false, text);
    } else if (starEnd) {
      kind = Kind.PREFIX;
      value = body;
      check(value, 0, false, true, text);
    } else if (body.startsWith(".")) {
      kind = Kind.ZONE;
      value = body.substring(1);
      check(value, 1, false, false, text);
    } else {
      kind = Kind.EXACT;
      value = body;
      check(value, 0, false, false, text);
    }
    return new DomainPattern(kind, value, text);
  }

  private static String ascii(String body, int offset) {
    // IDN rejects empty labels, so the edge dots of zone, prefix and contains forms stay outside.
    if (body.length() > 1 && body.startsWith(".")) {
      return "." + ascii(body.substring(1), offset + 1);
    }
    if (body.length() > 1 && body.endsWith(".")) {
      return ascii(body.substring(0, body.length() - 1), offset) + ".";
    }
    for (int i = 0; i < body.length(); i++) {
      if (body.charAt(i) > 0x7F) {
        try {
          return IDN.toASCII(body, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
          throw new EndpointSyntaxException(offset + i + 1,
              "not a valid internationalised domain name: " + e.getMessage());
        }
      }
    }
    return body.toLowerCase(Locale.ROOT);
  }

  /** Validates the literal part; {@code offset} is its 0-based position in the written pattern. */
  private static void check(String s, int offset, boolean leadingDotOk, boolean trailingDotOk,
      String written) {
    if (s.isEmpty()) {
      throw new EndpointSyntaxException(offset + 1, "expected a domain name, got nothing");
    }
    if (s.length() > MAX_DOMAIN) {
      throw new EndpointSyntaxException(offset + 1,
          "a domain name has at most " + MAX_DOMAIN + " characters, this one has " + s.length());
    }
    int labelStart = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        boolean edge = i == 0 && leadingDotOk || i == s.length() - 1 && trailingDotOk;
        if (i == labelStart && !edge) {
          throw new EndpointSyntaxException(offset + i + 1,
              "empty label in domain \"" + written + "\" (two dots, or a dot at the start or end)");
        }
        labelStart = i + 1;
        continue;
      }
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        throw new EndpointSyntaxException(offset + i + 1,
            "unexpected character '" + c + "' in domain \"" + written
                + "\" (letters, digits, '-', '_' and '.' are allowed)");
      }
      if (i - labelStart + 1 > MAX_LABEL) {
        throw new EndpointSyntaxException(offset + labelStart + 1,
            "a domain label has at most " + MAX_LABEL + " characters");
      }
    }
    if (labelStart == s.length() && !trailingDotOk) {
      throw new EndpointSyntaxException(offset + s.length(),
          "empty label in domain \"" + written + "\" (two dots, or a dot at the start or end)");
    }
  }

  /** The canonical written form (lower-case ASCII), e.g. ".example.com" for a zone. */
  public String canonical() {
    switch (kind) {
      case EXACT:
        return value;
      case ZONE:
        return "." + value;
      case SUBDOMAINS:
      case SUFFIX:
        return "*" + value;
      case PREFIX:
        return value + "*";
      case CONTAINS:
        return "*" + value + "*";
      default:
        throw new AssertionError(kind);
    }
  }
}
