package org.netreeve.dns.routing;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides where a name is resolved. Names of the local network must never leak to an internet resolver:
 * the special-use suffixes {@code local} (mDNS), {@code lan}, {@code home.arpa}, {@code internal}, the reverse
 * zones of private, shared, loopback, link-local and unique-local ranges, and the configured and system search
 * domains all go to the local resolvers. Immutable and thread-safe.
 */
public final class NameRouter {

    /** Suffixes that are always local. */
    public static final List<String> SPECIAL_LOCAL = buildSpecialLocal();
    private static final String CANARY = "use-application-dns.net";

    private final Set<String> localSuffixes;

    /** @param extraLocalDomains configured local domains and search domains (lower case, no trailing dot) */
    public NameRouter(Collection<String> extraLocalDomains) {
        Set<String> s = new HashSet<>(SPECIAL_LOCAL);
        for (String d : extraLocalDomains) {
            if (!d.isEmpty()) {
                s.add(d);
            }
        }
        this.localSuffixes = Set.copyOf(s);
    }

    /** Routes a lower-case name without trailing dot. */
    public Route route(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Route.LOCALHOST;
        }
        if (name.equals(CANARY) || name.endsWith("." + CANARY)) {
            return Route.CANARY;
        }
        int from = 0;
        while (true) {
            if (localSuffixes.contains(from == 0 ? name : name.substring(from))) {
                return Route.LOCAL;
            }
            int dot = name.indexOf('.', from);
            if (dot < 0) {
                return Route.INTERNET;
            }
            from = dot + 1;
        }
    }

    /** The local suffixes in effect (special ones included). */
    public Set<String> localSuffixes() {
        return localSuffixes;
    }

    private static List<String> buildSpecialLocal() {
        List<String> l = new java.util.ArrayList<>(List.of(
                "local", "lan", "home.arpa", "internal", "intranet", "private", "corp",
                "10.in-addr.arpa", "168.192.in-addr.arpa", "254.169.in-addr.arpa", "127.in-addr.arpa",
                "0.in-addr.arpa",
                // fc00::/7 unique local, fe80::/10 link local, ::1 loopback
                "c.f.ip6.arpa", "d.f.ip6.arpa", "8.e.f.ip6.arpa", "9.e.f.ip6.arpa", "a.e.f.ip6.arpa", "b.e.f.ip6.arpa",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"));
        for (int i = 16; i <= 31; i++) {
            l.add(i + ".172.in-addr.arpa");
        }
        for (int i = 64; i <= 127; i++) {
            l.add(i + ".100.in-addr.arpa");
        }
        return List.copyOf(l);
    }
}
