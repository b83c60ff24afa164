package org.netreeve.intel.endpoints;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 and IPv6 address literals without ever asking DNS (unlike
 * {@link InetAddress#getByName}, which resolves anything that is not a literal).
 *
 * <p>IPv4 is dotted decimal with exactly four parts and no leading zeros (which some tools read as
 * octal). IPv6 follows RFC 4291 text form, with "::" and an optional dotted IPv4 tail; zone ids
 * ({@code %eth0}) are refused because rules and targets are not bound to an interface.
 * IPv4-mapped IPv6 addresses come back as 4 bytes.
 */
public final class IpLiteral {

  private IpLiteral() {}

  /**
   * Parses a literal to 4 or 16 bytes in network order.
   *
   * @throws EndpointSyntaxException with a column relative to {@code text}
   */
  public static byte[] parse(String text) {
    byte[] raw = text.indexOf(':') >= 0 ? parseIpv6(text, 0) : parseIpv4(text, 0);
    return unmapped(raw);
  }

  /** Parses a literal into an address object, without DNS. */
  public static InetAddress toInetAddress(String text) {
    try {
      return InetAddress.getByAddress(parse(text));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always accepted", e);
    }
  }

  /** Whether the 16-byte address is IPv4-mapped (::ffff:a.b.c.d). */
  static boolean isMapped(byte[] a) {
    if (a.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  private static byte[] unmapped(byte[] a) {
    if (!isMapped(a)) {
      return a;
    }
    return new byte[] {a[12], a[13], a[14], a[15]};
  }

  static byte[] parseIpv4(String s, int offset) {
    byte[] out = new byte[4];
    int part = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i < s.length() && s.charAt(i) == '.' && part == 3) {
        throw new EndpointSyntaxException(offset + i + 1,
            "an IPv4 address has four parts, \"" + s + "\" has more");
      }
      if (i < s.length() && s.charAt(i) != '.') {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          throw new EndpointSyntaxException(offset + i + 1,
              "unexpected character '" + c + "' in IPv4 address \"" + s + "\"");
        }
        continue;
      }
      String num = s.substring(start, i);
      if (num.isEmpty()) {
        throw new EndpointSyntaxException(offset + start + 1,
            "empty part in IPv4 address \"" + s + "\"");
      }
      if (num.length() > 1 && num.charAt(0) == '0') {
        throw new EndpointSyntaxException(offset + start + 1,
            "leading zero in IPv4 address \"" + s + "\" (write " + Integer.parseInt(num, 10) + ")");
      }
      if (num.length() > 3 || Integer.parseInt(num) > 255) {
        throw new EndpointSyntaxException(offset + start + 1,
            "IPv4 address part " + num + " is above 255");
      }
      out[part++] = (byte) Integer.parseInt(num);
      start = i + 1;
    }
    if (part != 4) {
      throw new EndpointSyntaxException(offset + 1,
          "an IPv4 address has four parts, \"" + s + "\" has " + part);
    }
    return out;
  }

  static byte[] parseIpv6(String s, int offset) {
    int zone = s.indexOf('%');
    if (zone >= 0) {
      throw new EndpointSyntaxException(offset + zone + 1,
          "zone ids (%interface) are not supported in addresses");
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      throw new EndpointSyntaxException(offset + s.indexOf("::", gap + 1) + 1,
          "an IPv6 address has at most one \"::\"");
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    int nHead;
    int nTail = 0;
    if (gap < 0) {
      nHead = groups(s, offset, head, true, s);
      if (nHead != 8) {
        throw new EndpointSyntaxException(offset + 1,
            "an IPv6 address without \"::\" has eight groups, \"" + s + "\" has " + nHead);
      }
    } else {
      nHead = groups(s.substring(0, gap), offset, head, false, s);
      nTail = groups(s.substring(gap + 2), offset + gap + 2, tail, true, s);
      if (nHead + nTail > 7) {
        throw new EndpointSyntaxException(offset + 1,
            "too many groups in IPv6 address \"" + s + "\" (\"::\" stands for at least one)");
      }
    }
    byte[] out = new byte[16];
    for (int i = 0; i < nHead; i++) {
      out[2 * i] = (byte) (head[i] >>> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < nTail; i++) {
      int g = 8 - nTail + i;
      out[2 * g] = (byte) (tail[i] >>> 8);
      out[2 * g + 1] = (byte) tail[i];
    }
    return out;
  }

  /** Parses colon-separated groups into {@code out}; returns the number of 16-bit groups. */
  private static int groups(String part, int offset, int[] out, boolean ipv4TailOk, String whole) {
    if (part.isEmpty()) {
      return 0;
    }
    int n = 0;
    int start = 0;
    for (int i = 0; i <= part.length(); i++) {
      if (i < part.length() && part.charAt(i) != ':') {
        continue;
      }
      String g = part.substring(start, i);
      if (g.isEmpty()) {
        throw new EndpointSyntaxException(offset + start + 1,
            "empty group in IPv6 address \"" + whole + "\"");
      }
      if (g.indexOf('.') >= 0) {
        if (!ipv4TailOk || i != part.length()) {
          throw new EndpointSyntaxException(offset + start + 1,
              "an IPv4 part may only end an IPv6 address");
        }
        if (n > 6) {
          throw new EndpointSyntaxException(offset + start + 1,
              "too many groups in IPv6 address \"" + whole + "\"");
        }
        byte[] v4 = parseIpv4(g, offset + start);
        out[n++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
        out[n++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
        return n;
      }
      if (g.length() > 4) {
        throw new EndpointSyntaxException(offset + start + 1,
            "an IPv6 group has at most four hex digits, got \"" + g + "\"");
      }
      int v = 0;
      for (int k = 0; k < g.length(); k++) {
        int d = hex(g.charAt(k));
        if (d < 0) {
          throw new EndpointSyntaxException(offset + start + k + 1,
              "unexpected character '" + g.charAt(k) + "' in IPv6 address \"" + whole + "\"");
        }
        v = v << 4 | d;
      }
      if (n == 8) {
        throw new EndpointSyntaxException(offset + start + 1,
            "too many groups in IPv6 address \"" + whole + "\"");
      }
      out[n++] = v;
      start = i + 1;
    }
    return n;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
