package org.netreeve.intel.endpoints;

/**
 * An inclusive range of port numbers, 1 to 65535; a single port is a range of one.
 *
 * @param from first port
 * @param to   last port, not below {@code from}
 */
public record PortRange(int from, int to) {

  public PortRange {
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException("bad port range " + from + "-" + to);
    }
  }

  /** A range of one port. */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public boolean contains(int port) {
    return port >= from && port <= to;
  }

  /**
   * Parses {@code 443}, {@code 8000-8100}, {@code HTTPS} or {@code HTTP-HTTPS}.
   *
   * @throws EndpointSyntaxException with a column relative to {@code text}
   */
  public static PortRange parse(String text) {
    if (text.isEmpty()) {
      throw new EndpointSyntaxException(1, "expected a port (1-65535), a port range such as "
          + "8000-8100, or a port name such as HTTPS, got nothing");
    }
    int dash = text.indexOf('-');
    if (dash < 0) {
      return of(parsePort(text, 0));
    }
    if (text.indexOf('-', dash + 1) >= 0) {
      throw new EndpointSyntaxException(text.indexOf('-', dash + 1) + 1,
          "a port range has one \"-\", e.g. 8000-8100, got \"" + text + "\"");
    }
    int from = parsePort(text.substring(0, dash), 0);
    int to = parsePort(text.substring(dash + 1), dash + 1);
    if (from > to) {
      throw new EndpointSyntaxException(1,
          "port range " + text + " starts above its end (" + from + " > " + to + ")");
    }
    return new PortRange(from, to);
  }

  private static int parsePort(String s, int offset) {
    if (s.isEmpty()) {
      throw new EndpointSyntaxException(offset + 1,
          "expected a port number or name on both sides of \"-\"");
    }
    if (isDigits(s)) {
      if (s.length() > 5 || Integer.parseInt(s) > 65535 || Integer.parseInt(s) < 1) {
        throw new EndpointSyntaxException(offset + 1,
            "port " + s + " is out of range (1-65535)");
      }
      return Integer.parseInt(s);
    }
    int named = NamedPort.lookup(s);
    if (named < 0) {
      throw new EndpointSyntaxException(offset + 1,
          "expected a port number (1-65535) or a port name such as HTTPS or SSH, got \"" + s + "\"");
    }
    return named;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
