package org.netreeve.intel.endpoints;

import org.netreeve.net.address.AddressSyntaxException;
import org.netreeve.net.address.IpLiteral;

/**
 * An IPv4 or IPv6 address range in CIDR form; a single address is a range of full length.
 *
 * <p>IPv4 addresses are held in the low 32 bits of {@code low}. IPv4-mapped IPv6 ranges
 * (::ffff:0:0/96 and longer) are stored as the IPv4 range they describe, because targets carry
 * such addresses as IPv4.
 *
 * @param version 4 or 6
 * @param high    the first 64 bits of the network address (0 for IPv4)
 * @param low     the last 64 bits of the network address (the IPv4 address for version 4)
 * @param prefix  the prefix length
 */
public record IpRange(int version, long high, long low, int prefix) {

  public IpRange {
    if (version != 4 && version != 6) {
      throw new IllegalArgumentException("IP version 4 or 6, not " + version);
    }
    if (prefix < 0 || prefix > (version == 4 ? 32 : 128)) {
      throw new IllegalArgumentException("prefix " + prefix + " out of range for IPv" + version);
    }
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32} or {@code ::1}.
   *
   * @throws EndpointSyntaxException with a column relative to {@code text}; a range whose address has
   *     bits set beyond the prefix is refused with the network address it probably meant
   */
  public static IpRange parse(String text) {
    int slash = text.indexOf('/');
    String addr = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = addr.indexOf(':') >= 0;
    byte[] raw;
    try {
      raw = IpLiteral.parseAsWritten(addr);
    } catch (AddressSyntaxException e) {
      throw new EndpointSyntaxException(e.column(), e.problem());
    }
    int max = raw.length * 8;
    int prefix = max;
    if (slash >= 0) {
      String len = text.substring(slash + 1);
      if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new EndpointSyntaxException(slash + 2,
            "expected a prefix length (0-" + max + ") after \"/\", got \"" + len + "\"");
      }
      prefix = Integer.parseInt(len);
      if (prefix > max) {
        throw new EndpointSyntaxException(slash + 2,
            "prefix length " + prefix + " is above " + max + " for an IPv" + (v6 ? 6 : 4) + " range");
      }
    }
    if (IpLiteral.isMapped(raw) && prefix >= 96) {
      raw = new byte[] {raw[12], raw[13], raw[14], raw[15]};
      prefix -= 96;
      v6 = false;
    }
    IpRange r = v6 ? new IpRange(6, readLong(raw, 0), readLong(raw, 8), prefix)
        : new IpRange(4, 0, readInt(raw) & 0xFFFFFFFFL, prefix);
    IpRange net = r.network();
    if (!net.equals(r)) {
      throw new EndpointSyntaxException(1,
          "\"" + text + "\" has host bits set beyond /" + prefix + "; did you mean " + net + "?");
    }
    return r;
  }

  /** The same range with all host bits cleared. */
  private IpRange network() {
    if (version == 4) {
      long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
      return new IpRange(4, 0, low & mask, prefix);
    }
    return new IpRange(6, high & highMask(prefix), low & lowMask(prefix), prefix);
  }

  /** Whether the address (given like the components) lies in this range. */
  public boolean contains(int addressVersion, long addressHigh, long addressLow) {
    if (addressVersion != version) {
      return false;
    }
    if (version == 4) {
      long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
      return (addressLow & mask) == low;
    }
    return (addressHigh & highMask(prefix)) == high && (addressLow & lowMask(prefix)) == low;
  }

  private static long highMask(int prefix) {
    if (prefix >= 64) {
      return -1L;
    }
    return prefix == 0 ? 0 : -1L << (64 - prefix);
  }

  private static long lowMask(int prefix) {
    if (prefix <= 64) {
      return 0;
    }
    return prefix == 128 ? -1L : -1L << (128 - prefix);
  }

  private static int readInt(byte[] b) {
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[off + i] & 0xFF);
    }
    return v;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (version == 4) {
      b.append(low >>> 24 & 0xFF).append('.').append(low >>> 16 & 0xFF).append('.')
          .append(low >>> 8 & 0xFF).append('.').append(low & 0xFF);
    } else {
      // Full form without "::" compression: unambiguous and good enough for messages.
      for (int i = 0; i < 8; i++) {
        long word = i < 4 ? high >>> (48 - 16 * i) : low >>> (48 - 16 * (i - 4));
        if (i > 0) {
          b.append(':');
        }
        b.append(Long.toHexString(word & 0xFFFF));
      }
    }
    if (prefix != (version == 4 ? 32 : 128)) {
      b.append('/').append(prefix);
    }
    return b.toString();
  }
}
