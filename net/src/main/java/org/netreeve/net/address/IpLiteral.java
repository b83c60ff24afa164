package org.netreeve.net.address;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals, in both directions: parsing without ever asking DNS (unlike
 * {@link InetAddress#getByName}, which resolves anything that is not a literal) and writing them
 * as people do (IPv4 dotted, IPv6 in its shortest form, RFC 5952).
 *
 * <p>IPv4 is dotted decimal with exactly four parts and no leading zeros (which some tools read as
 * octal). IPv6 follows RFC 4291 text form, with "::" and an optional dotted IPv4 tail. Zone ids
 * ({@code %eth0}) are refused by the strict parsers, because rules and list entries are not bound
 * to an interface; configuration of upstream servers may name one ({@link #parseOrNull}).
 * IPv4-mapped IPv6 addresses come back as 4 bytes.
 *
 * <p>One parser serves every caller: it reports a problem as a code and a column instead of
 * throwing, so that filter lists can ask "is this token an address?" millions of times cheaply;
 * the strict entry points turn the code into a message. Stateless and thread-safe.
 */
public final class IpLiteral {

  private IpLiteral() {}

  // Problem codes of the core parser (negative results carry code and column).
  private static final int V4_MORE_PARTS = 1;
  private static final int V4_CHARACTER = 2;
  private static final int V4_EMPTY_PART = 3;
  private static final int V4_LEADING_ZERO = 4;
  private static final int V4_RANGE = 5;
  private static final int V4_FEWER_PARTS = 6;
  private static final int V6_ZONE = 7;
  private static final int V6_TWO_GAPS = 8;
  private static final int V6_GROUP_COUNT = 9;
  private static final int V6_TOO_MANY = 10;
  private static final int V6_EMPTY_GROUP = 11;
  private static final int V6_IPV4_NOT_LAST = 12;
  private static final int V6_LONG_GROUP = 13;
  private static final int V6_CHARACTER = 14;
  private static final int EMPTY = 15;

  /**
   * Parses a literal to 4 or 16 bytes in network order.
   *
   * @throws AddressSyntaxException with a column relative to {@code text}
   */
  public static byte[] parse(CharSequence text) {
    byte[] out = new byte[16];
    long r = parse(text, 0, text.length(), out, false);
    if (r < 0) {
      throw problem(text, r);
    }
    return trimmed(out, (int) r);
  }

  /**
   * Parses a literal to 4 or 16 bytes as written: an IPv4-mapped IPv6 address stays 16 bytes (an
   * address range needs to know which family its prefix length counts in).
   *
   * @throws AddressSyntaxException with a column relative to {@code text}
   */
  public static byte[] parseAsWritten(CharSequence text) {
    byte[] out = new byte[16];
    long r = parse(text, 0, text.length(), out, false);
    if (r < 0) {
      throw problem(text, r);
    }
    return r == 4 ? new byte[] {out[0], out[1], out[2], out[3]} : out;
  }

  /** Parses a literal into an address object, without DNS; see {@link #parse}. */
  public static InetAddress address(CharSequence text) {
    return inet(parse(text));
  }

  /**
   * The address in {@code text}, or null when it is not an address literal. Surrounding blanks
   * and brackets ({@code [::1]}) are allowed, and so is an IPv6 zone id, which is kept.
   */
  public static InetAddress parseOrNull(String text) {
    String t = text.trim();
    if (t.length() > 1 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
      t = t.substring(1, t.length() - 1);
    }
    byte[] out = new byte[16];
    long r = parse(t, 0, t.length(), out, true);
    if (r < 0) {
      return null;
    }
    if (t.indexOf('%') >= 0) {
      try {
        // A checked literal: InetAddress only binds the zone to its interface, it asks no DNS.
        return InetAddress.getByName(t);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return inet(trimmed(out, (int) r));
  }

  /**
   * The address in the ASCII bytes {@code b[from, to)}, as 4 or 16 bytes, or null when they are
   * not an address literal. A zone id is ignored. Allocates only the result.
   */
  public static byte[] parseOrNull(byte[] b, int from, int to) {
    // Most tokens of a list are names: refuse them before allocating anything.
    for (int i = from; i < to && b[i] != '%'; i++) {
      int c = b[i];
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.')) {
        return null;
      }
    }
    byte[] out = new byte[16];
    long r = parse(new Ascii(b), from, to, out, true);
    return r < 0 ? null : trimmed(out, (int) r);
  }

  /** Whether the 16-byte address is IPv4-mapped (::ffff:a.b.c.d). */
  public static boolean isMapped(byte[] a) {
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

  /** The text of {@code a}: IPv4 dotted, IPv6 in its shortest form (RFC 5952), no zone; null for null. */
  public static String text(InetAddress a) {
    if (a == null) {
      return null;
    }
    return a instanceof Inet4Address ? a.getHostAddress() : text(a.getAddress());
  }

  /** The text of a raw address of 4 or 16 bytes (RFC 5952 for IPv6). */
  public static String text(byte[] raw) {
    if (raw.length == 4) {
      return (raw[0] & 0xFF) + "." + (raw[1] & 0xFF) + "." + (raw[2] & 0xFF) + "." + (raw[3] & 0xFF);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((raw[2 * i] & 0xFF) << 8) | (raw[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }

  /** {@code 192.0.2.1:53} or {@code [2001:db8::1]:53}. */
  public static String withPort(InetAddress address, int port) {
    return address instanceof Inet4Address ? text(address) + ":" + port : "[" + text(address) + "]:" + port;
  }

  private static InetAddress inet(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always accepted", e);
    }
  }

  private static byte[] trimmed(byte[] out, int length) {
    if (length == 4) {
      return new byte[] {out[0], out[1], out[2], out[3]};
    }
    if (isMapped(out)) {
      return new byte[] {out[12], out[13], out[14], out[15]};
    }
    return out;
  }

  private static long fail(int code, int index, int from) {
    return -(((long) (index - from + 1) << 8) | code);
  }

  /**
   * The core: parses {@code s[from, to)} into {@code out}; returns 4 or 16, or a negative value
   * carrying the problem code and its 1-based column.
   */
  private static long parse(CharSequence s, int from, int to, byte[] out, boolean zoneAllowed) {
    if (to <= from) {
      return fail(EMPTY, from, from);
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseIpv6(s, from, to, out, zoneAllowed);
      }
    }
    return parseIpv4(s, from, from, to, out, 0);
  }

  private static long parseIpv4(CharSequence s, int origin, int from, int to, byte[] out, int at) {
    int part = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '.';
      if (i < to && c == '.' && part == 3) {
        return fail(V4_MORE_PARTS, i, origin);
      }
      if (i < to && c != '.') {
        if (c < '0' || c > '9') {
          return fail(V4_CHARACTER, i, origin);
        }
        continue;
      }
      int length = i - start;
      if (length == 0) {
        return fail(V4_EMPTY_PART, start, origin);
      }
      if (length > 1 && s.charAt(start) == '0') {
        return fail(V4_LEADING_ZERO, start, origin);
      }
      if (length > 3) {
        return fail(V4_RANGE, start, origin);
      }
      int value = 0;
      for (int k = start; k < i; k++) {
        value = value * 10 + (s.charAt(k) - '0');
      }
      if (value > 255) {
        return fail(V4_RANGE, start, origin);
      }
      out[at + part++] = (byte) value;
      start = i + 1;
    }
    if (part != 4) {
      return fail(V4_FEWER_PARTS, from, origin);
    }
    return 4;
  }

  private static long parseIpv6(CharSequence s, int from, int to, byte[] out, boolean zoneAllowed) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '%') {
        if (!zoneAllowed) {
          return fail(V6_ZONE, i, from);
        }
        to = i;
        break;
      }
    }
    int gap = -1;
    for (int i = from; i + 1 < to; i++) {
      if (s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
        if (gap >= 0) {
          return fail(V6_TWO_GAPS, i, from);
        }
        gap = i;
        i++;
      }
    }
    int[] head = new int[8];
    int[] tail = new int[8];
    long nHead;
    long nTail = 0;
    if (gap < 0) {
      nHead = groups(s, from, from, to, head, true);
      if (nHead < 0) {
        return nHead;
      }
      if (nHead != 8) {
        return fail(V6_GROUP_COUNT, from, from);
      }
    } else {
      nHead = groups(s, from, from, gap, head, false);
      if (nHead < 0) {
        return nHead;
      }
      nTail = groups(s, from, gap + 2, to, tail, true);
      if (nTail < 0) {
        return nTail;
      }
      if (nHead + nTail > 7) {
        return fail(V6_TOO_MANY, from, from);
      }
    }
    for (int i = 0; i < 16; i++) {
      out[i] = 0;
    }
    for (int i = 0; i < nHead; i++) {
      out[2 * i] = (byte) (head[i] >>> 8);
      out[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < nTail; i++) {
      int g = (int) (8 - nTail + i);
      out[2 * g] = (byte) (tail[i] >>> 8);
      out[2 * g + 1] = (byte) tail[i];
    }
    return 16;
  }

  /** Parses colon-separated groups of {@code s[from, to)}; returns their number of 16-bit groups. */
  private static long groups(CharSequence s, int origin, int from, int to, int[] out, boolean ipv4TailOk) {
    if (from >= to) {
      return 0;
    }
    int n = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i < to && s.charAt(i) != ':') {
        continue;
      }
      if (i == start) {
        return fail(V6_EMPTY_GROUP, start, origin);
      }
      boolean dotted = false;
      for (int k = start; k < i; k++) {
        dotted |= s.charAt(k) == '.';
      }
      if (dotted) {
        if (!ipv4TailOk || i != to) {
          return fail(V6_IPV4_NOT_LAST, start, origin);
        }
        if (n > 6) {
          return fail(V6_TOO_MANY, start, origin);
        }
        byte[] v4 = new byte[4];
        long r = parseIpv4(s, origin, start, i, v4, 0);
        if (r < 0) {
          return r;
        }
        out[n++] = (v4[0] & 0xFF) << 8 | (v4[1] & 0xFF);
        out[n++] = (v4[2] & 0xFF) << 8 | (v4[3] & 0xFF);
        return n;
      }
      if (i - start > 4) {
        return fail(V6_LONG_GROUP, start, origin);
      }
      int v = 0;
      for (int k = start; k < i; k++) {
        int d = hex(s.charAt(k));
        if (d < 0) {
          return fail(V6_CHARACTER, k, origin);
        }
        v = v << 4 | d;
      }
      if (n == 8) {
        return fail(V6_TOO_MANY, start, origin);
      }
      out[n++] = v;
      start = i + 1;
    }
    return n;
  }

  /** The message of a failed parse of {@code text}. */
  private static AddressSyntaxException problem(CharSequence text, long r) {
    long x = -r;
    int code = (int) (x & 0xFF);
    int column = (int) (x >>> 8);
    String s = text.toString();
    int at = Math.min(Math.max(column - 1, 0), s.length());
    String rest = s.substring(at);
    String message = switch (code) {
      case V4_MORE_PARTS -> "an IPv4 address has four parts, \"" + dotted(s, at) + "\" has more";
      case V4_CHARACTER -> "unexpected character '" + s.charAt(at) + "' in IPv4 address \"" + dotted(s, at) + "\"";
      case V4_EMPTY_PART -> "empty part in IPv4 address \"" + dotted(s, at) + "\"";
      case V4_LEADING_ZERO -> "leading zero in IPv4 address \"" + dotted(s, at) + "\" (write "
          + withoutLeadingZeros(part(rest, '.')) + ")";
      case V4_RANGE -> "IPv4 address part " + part(rest, '.') + " is above 255";
      case V4_FEWER_PARTS -> "an IPv4 address has four parts, \"" + rest + "\" has " + (count(rest, '.') + 1);
      case V6_ZONE -> "zone ids (%interface) are not supported in addresses";
      case V6_TWO_GAPS -> "an IPv6 address has at most one \"::\"";
      case V6_GROUP_COUNT -> "an IPv6 address without \"::\" has eight groups, \"" + s + "\" has "
          + (count(s, ':') + 1 + (s.indexOf('.') >= 0 ? 1 : 0));
      case V6_TOO_MANY -> column == 1 && s.contains("::")
          ? "too many groups in IPv6 address \"" + s + "\" (\"::\" stands for at least one)"
          : "too many groups in IPv6 address \"" + s + "\"";
      case V6_EMPTY_GROUP -> "empty group in IPv6 address \"" + s + "\"";
      case V6_IPV4_NOT_LAST -> "an IPv4 part may only end an IPv6 address";
      case V6_LONG_GROUP -> "an IPv6 group has at most four hex digits, got \"" + part(rest, ':') + "\"";
      case V6_CHARACTER -> "unexpected character '" + s.charAt(at) + "' in IPv6 address \"" + s + "\"";
      default -> "an address is missing";
    };
    return new AddressSyntaxException(column, message);
  }

  /** The dotted IPv4 text around {@code at}: the whole text, or an IPv6 address's IPv4 tail. */
  private static String dotted(String s, int at) {
    int start = s.lastIndexOf(':', Math.max(0, at - 1)) + 1;
    return s.substring(start);
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

  private static String withoutLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  private static String part(String s, char end) {
    int i = s.indexOf(end);
    return i < 0 ? s : s.substring(0, i);
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  /** ASCII bytes read as characters, so that lists can be parsed without decoding them first. */
  private record Ascii(byte[] b) implements CharSequence {
    @Override
    public int length() {
      return b.length;
    }

    @Override
    public char charAt(int index) {
      return (char) (b[index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
