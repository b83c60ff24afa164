package org.netreeve.dns.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Turns IP address literals into addresses without ever consulting DNS (which would be circular for a
 * nameserver's own configuration).
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private IpLiteral() {
    }

    /** The address, or {@code null} when {@code text} is not an IPv4 or IPv6 literal (brackets allowed). */
    public static InetAddress parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        var m4 = IPV4.matcher(t);
        if (m4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m4.group(i)) > 255) {
                    return null;
                }
            }
        } else if (!(t.contains(":") && IPV6.matcher(t).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 192.0.2.1:53} or {@code [2001:db8::1]:53}. */
    public static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        if (host.contains(":")) {
            return "[" + host + "]:" + port;
        }
        return host + ":" + port;
    }
}
