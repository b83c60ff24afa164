package org.netreeve.intel.endpoints;

import org.netreeve.net.IpProtocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.netreeve.net.scope.Scope;

/**
 * Parses one endpoint rule: {@code <+|-> [!]<entity> [<protocol>[/[local:]<port>[-<port>]]] [# comment]}.
 *
 * <p>Errors are {@link EndpointSyntaxException}s whose column is 1-based within the rule text.
 * The syntax is documented in docs/endpoints.md.
 */
public final class EndpointRuleParser {

  /** The start of the message for an unrecognisable entity. */
  public static final String ENTITY_EXPECTED = "expected an entity (*, a domain, an IP or CIDR, a scope,"
      + " a country, C:continent, ASnumber or L:lists)";

  static final String PROTOCOL_EXPECTED =
      "expected a protocol (TCP, UDP, ICMP, ICMPv6, another name, a number 1-255 or *)";

  /** Continent codes as used by GeoIP databases. */
  public static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  private EndpointRuleParser() {}

  /** Parses a rule that comes from no file (index 0). */
  public static EndpointRule parse(String text) {
    return parse(text, null, 0, 0);
  }

  /**
   * Parses a rule.
   *
   * @param text  the rule, optionally followed by a {@code #} comment
   * @param file  where the rule comes from, kept for audit records (may be null)
   * @param line  the 1-based line in {@code file}, or 0
   * @param index the rule's 0-based position in its list
   * @throws EndpointSyntaxException with the column (within {@code text}) and what was expected
   */
  public static EndpointRule parse(String text, String file, int line, int index) {
    int hash = text.indexOf('#');
    String body = hash >= 0 ? text.substring(0, hash) : text;
    List<int[]> tokens = tokens(body);
    if (tokens.isEmpty()) {
      throw new EndpointSyntaxException(1,
          "expected a rule such as \"+ example.com\" or \"- *\", got "
              + (hash >= 0 ? "only a comment" : "nothing"));
    }
    int[] first = tokens.get(0);
    String act = body.substring(first[0], first[1]);
    EndpointAction action = action(act, first[0]);
    if (tokens.size() < 2) {
      throw new EndpointSyntaxException(first[1] + 2, ENTITY_EXPECTED + " after \"" + act + "\"");
    }
    int[] ent = tokens.get(1);
    String entityText = body.substring(ent[0], ent[1]);
    boolean negated = entityText.startsWith("!");
    EndpointEntity entity;
    if (negated) {
      String rest = entityText.substring(1);
      if (rest.isEmpty() || rest.startsWith("!")) {
        throw new EndpointSyntaxException(ent[0] + 2,
            ENTITY_EXPECTED + " after \"!\", got \"" + rest + "\"");
      }
      if (rest.equals("*")) {
        throw new EndpointSyntaxException(ent[0] + 1,
            "\"!*\" matches nothing; remove the rule or write \"*\"");
      }
      entity = entity(rest, ent[0] + 1);
    } else {
      entity = entity(entityText, ent[0]);
    }
    int protocol = EndpointRule.ANY_PROTOCOL;
    PortRange ports = null;
    boolean local = false;
    if (tokens.size() >= 3) {
      int[] pp = tokens.get(2);
      String ppText = body.substring(pp[0], pp[1]);
      int slash = ppText.indexOf('/');
      String protoText = slash < 0 ? ppText : ppText.substring(0, slash);
      protocol = protocol(protoText, pp[0]);
      if (slash >= 0) {
        String portText = ppText.substring(slash + 1);
        int portCol = pp[0] + slash + 1;
        if (portText.regionMatches(true, 0, "local:", 0, 6)) {
          local = true;
          portText = portText.substring(6);
          portCol += 6;
        }
        if (!portText.equals("*")) {
          try {
            ports = PortRange.parse(portText);
          } catch (EndpointSyntaxException e) {
            throw e.shifted(portCol);
          }
          if (protocol != EndpointRule.ANY_PROTOCOL && !IpProtocol.hasPorts(protocol)) {
            throw new EndpointSyntaxException(pp[0] + slash + 1,
                "protocol " + IpProtocol.name(protocol) + " has no ports; ports go with TCP, "
                    + "UDP, SCTP, DCCP, UDPLite or *");
          }
        } else if (local) {
          local = false;
        }
      }
    }
    if (tokens.size() >= 4) {
      int[] extra = tokens.get(3);
      throw new EndpointSyntaxException(extra[0] + 1,
          "unexpected \"" + body.substring(extra[0], extra[1]) + "\" after the protocol and port"
              + " (a rule has at most three parts; a comment starts with #)");
    }
    return new EndpointRule(action, negated, entity, protocol, ports, local, body.strip(), file,
        line, index);
  }

  private static List<int[]> tokens(String s) {
    List<int[]> out = new ArrayList<>(4);
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      out.add(new int[] {start, i});
    }
    return out;
  }

  private static EndpointAction action(String t, int start) {
    if (t.equals("+")) {
      return EndpointAction.PERMIT;
    }
    if (t.equals("-")) {
      return EndpointAction.DENY;
    }
    if (t.startsWith("+") || t.startsWith("-")) {
      throw new EndpointSyntaxException(start + 2,
          "expected a space after \"" + t.charAt(0) + "\", got \"" + t.substring(1) + "\"");
    }
    throw new EndpointSyntaxException(start + 1,
        "expected \"+\" (permit) or \"-\" (deny), got \"" + t + "\"");
  }

  /**
   * Parses an entity.
   *
   * @param t     the entity text (without "!")
   * @param start its 0-based position in the rule
   */
  static EndpointEntity entity(String t, int start) {
    if (t.equals("*")) {
      return new EndpointEntity.Any();
    }
    if (t.startsWith("C:") || t.startsWith("c:")) {
      String code = t.substring(2).toUpperCase(Locale.ROOT);
      if (!CONTINENTS.contains(code)) {
        throw new EndpointSyntaxException(start + 3,
            "expected a continent code (AF, AN, AS, EU, NA, OC, SA) after \"C:\", got \""
                + t.substring(2) + "\"");
      }
      return new EndpointEntity.Continent(code);
    }
    if (t.startsWith("L:") || t.startsWith("l:")) {
      return lists(t, start);
    }
    if (t.length() > 2 && t.startsWith("AS") && allDigits(t, 2)) {
      if (t.length() > 12 || Long.parseLong(t.substring(2)) == 0
          || Long.parseLong(t.substring(2)) > 0xFFFFFFFFL) {
        throw new EndpointSyntaxException(start + 3,
            "AS number " + t.substring(2) + " is out of range (1-4294967295)");
      }
      return new EndpointEntity.Asn(Long.parseLong(t.substring(2)));
    }
    if (t.length() == 2 && isUpper(t.charAt(0)) && isUpper(t.charAt(1))) {
      return new EndpointEntity.Country(t);
    }
    if (t.indexOf(',') >= 0 || Scope.fromName(t) != null) {
      return scopes(t, start);
    }
    if (t.indexOf(':') >= 0 || looksLikeIpv4(t)) {
      try {
        return new EndpointEntity.Ip(IpRange.parse(t), t);
      } catch (EndpointSyntaxException e) {
        throw e.shifted(start);
      }
    }
    if (!domainish(t) || IpProtocol.number(t) >= 0) {
      String hint = t.indexOf('/') >= 0 || IpProtocol.number(t) >= 0
          ? " (the entity comes before the protocol, e.g. \"+ * " + t + "\")" : "";
      throw new EndpointSyntaxException(start + 1, ENTITY_EXPECTED + ", got \"" + t + "\"" + hint);
    }
    try {
      return new EndpointEntity.Domain(DomainPattern.parse(t));
    } catch (EndpointSyntaxException e) {
      throw e.shifted(start);
    }
  }

  private static EndpointEntity lists(String t, int start) {
    String body = t.substring(2);
    List<String> ids = new ArrayList<>();
    int pos = 2;
    for (String id : body.split(",", -1)) {
      if (id.isEmpty()) {
        throw new EndpointSyntaxException(start + pos + 1,
            "expected a filter list id or category (letters, digits, '-', '_') in \"" + t
                + "\"; separate several with commas and no spaces, e.g. L:MAL,TRAC");
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
            || c == '_')) {
          throw new EndpointSyntaxException(start + pos + i + 1,
              "unexpected character '" + c + "' in filter list id \"" + id + "\"");
        }
      }
      ids.add(id.toUpperCase(Locale.ROOT));
      pos += id.length() + 1;
    }
    return new EndpointEntity.Lists(ids);
  }

  private static EndpointEntity scopes(String t, int start) {
    List<Scope> scopes = new ArrayList<>();
    int pos = 0;
    for (String name : t.split(",", -1)) {
      Scope s = Scope.fromName(name);
      if (s == null) {
        String why = name.isEmpty()
            ? "expected a scope name between commas; write lists without spaces, e.g. LAN,Localhost"
            : "expected a scope (" + Scope.ruleNames() + ") in the comma-separated list \"" + t
                + "\", got \"" + name + "\"";
        throw new EndpointSyntaxException(start + pos + 1, why);
      }
      if (!scopes.contains(s)) {
        scopes.add(s);
      }
      pos += name.length() + 1;
    }
    return new EndpointEntity.Scopes(scopes, t);
  }

  /**
   * Parses a protocol name, number or {@code *}.
   *
   * @param start the 0-based position of the protocol in the rule
   */
  static int protocol(String p, int start) {
    if (p.equals("*")) {
      return EndpointRule.ANY_PROTOCOL;
    }
    if (p.isEmpty()) {
      throw new EndpointSyntaxException(start + 1, PROTOCOL_EXPECTED + " before \"/\"");
    }
    if (allDigits(p, 0)) {
      int n = p.length() > 3 ? 256 : Integer.parseInt(p);
      if (n < 1 || n > 255) {
        throw new EndpointSyntaxException(start + 1,
            "protocol number " + p + " is out of range (1-255; * means any protocol)");
      }
      return n;
    }
    int named = IpProtocol.number(p);
    if (named < 0) {
      String hint = p.indexOf('.') >= 0 ? " (an entity cannot contain spaces)" : "";
      throw new EndpointSyntaxException(start + 1, PROTOCOL_EXPECTED + ", got \"" + p + "\"" + hint);
    }
    return named;
  }

  private static boolean allDigits(String s, int from) {
    if (s.length() <= from) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean looksLikeIpv4(String t) {
    boolean digit = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' && c != '/') {
        return false;
      }
    }
    return digit;
  }

  /** Whether the text uses only characters a domain pattern can hold (non-ASCII for IDN names). */
  private static boolean domainish(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
          || c == '_' || c == '.' || c == '*' || c > 0x7F && Character.isLetterOrDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
