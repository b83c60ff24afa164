package org.netreeve.process;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Addresses as people write them: IPv4 dotted, IPv6 in its shortest form (RFC 5952), no zone. */
public final class AddressText {

  private AddressText() {}

  /** The text of {@code a}, or null for null. */
  public static String of(InetAddress a) {
    if (a == null) {
      return null;
    }
    return a instanceof Inet4Address ? a.getHostAddress() : compact(a.getAddress());
  }

  /** RFC 5952 text of an IPv6 address: the longest run of two or more zero groups as "::". */
  public static String compact(byte[] v6) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((v6[2 * i] & 0xFF) << 8) | (v6[2 * i + 1] & 0xFF);
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
}
