package org.netreeve.dns.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.dns.upstream.UpstreamSpec;

/**
 * Reads the {@code dns:} section as the daemon hands it over (a map from its YAML reader). Missing keys take
 * the {@link DnsConfig#defaults() defaults}; unknown keys and bad values are errors naming the key.
 * Lists may also be given as one comma-separated string; durations as {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 1d} or a number of seconds.
 */
public final class DnsConfigParser {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Set<String> TOP = Set.of("listen", "upstreams", "local-upstreams", "local-domains",
            "search-domains-from-system", "block-style", "blocked-ttl", "cache", "memory", "timeouts", "server", "tls");

    private final String prefix;

    /** @param prefix how the section is named in messages, e.g. {@code dns} */
    public DnsConfigParser(String prefix) {
        this.prefix = prefix;
    }

    public DnsConfigParser() {
        this("dns");
    }

    /** Parses the section; {@code null} or an empty map gives the defaults. */
    public DnsConfig parse(Map<String, ?> section) {
        DnsConfig d = DnsConfig.defaults();
        Map<String, ?> s = section == null ? Map.of() : section;
        checkKeys(prefix, s, TOP);

        List<InetSocketAddress> listen = d.listen();
        if (s.containsKey("listen")) {
            listen = new ArrayList<>();
            List<String> items = stringList(key("listen"), s.get("listen"));
            for (int i = 0; i < items.size(); i++) {
                listen.add(listenAddress(key("listen") + "[" + i + "]", items.get(i)));
            }
            if (listen.isEmpty()) {
                throw new DnsConfigException(key("listen"), "at least one address is needed");
            }
        }
        List<UpstreamSpec> upstreams = d.upstreams();
        if (s.containsKey("upstreams")) {
            upstreams = upstreams(key("upstreams"), s.get("upstreams"));
            if (upstreams.isEmpty()) {
                throw new DnsConfigException(key("upstreams"), "at least one upstream is needed");
            }
        }
        List<UpstreamSpec> local = s.containsKey("local-upstreams")
                ? upstreams(key("local-upstreams"), s.get("local-upstreams")) : null;
        List<String> localDomains = new ArrayList<>();
        if (s.containsKey("local-domains")) {
            List<String> items = stringList(key("local-domains"), s.get("local-domains"));
            for (int i = 0; i < items.size(); i++) {
                String dom = normalizeDomain(items.get(i));
                if (dom.isEmpty() || dom.contains(" ")) {
                    throw new DnsConfigException(key("local-domains") + "[" + i + "]",
                            "expected a domain name, got '" + items.get(i) + "'");
                }
                localDomains.add(dom);
            }
        }
        boolean searchDomains = s.containsKey("search-domains-from-system")
                ? bool(key("search-domains-from-system"), s.get("search-domains-from-system")) : d.systemSearchDomains();
        BlockStyle style = d.blockStyle();
        if (s.containsKey("block-style")) {
            try {
                style = BlockStyle.parse(scalar(key("block-style"), s.get("block-style")));
            } catch (IllegalArgumentException e) {
                throw new DnsConfigException(key("block-style"), e.getMessage());
            }
        }
        Duration blockedTtl = s.containsKey("blocked-ttl") ? duration(key("blocked-ttl"), s.get("blocked-ttl"))
                : d.blockedTtl();

        Map<String, ?> c = section(key("cache"), s.get("cache"), Set.of("max-entries", "min-ttl", "max-ttl",
                "negative-max-ttl"));
        DnsConfig.Cache cache = new DnsConfig.Cache(
                intIn(key("cache.max-entries"), c.get("max-entries"), d.cache().maxEntries(), 0, 10_000_000),
                durationOr(key("cache.min-ttl"), c.get("min-ttl"), d.cache().minTtl()),
                durationOr(key("cache.max-ttl"), c.get("max-ttl"), d.cache().maxTtl()),
                durationOr(key("cache.negative-max-ttl"), c.get("negative-max-ttl"), d.cache().negativeMaxTtl()));
        if (cache.minTtl().compareTo(cache.maxTtl()) > 0) {
            throw new DnsConfigException(key("cache.min-ttl"), "is larger than cache.max-ttl ("
                    + cache.minTtl().toSeconds() + "s > " + cache.maxTtl().toSeconds() + "s)");
        }
        Map<String, ?> m = section(key("memory"), s.get("memory"), Set.of("grace", "max-entries"));
        DnsConfig.Memory memory = new DnsConfig.Memory(
                durationOr(key("memory.grace"), m.get("grace"), d.memory().grace()),
                intIn(key("memory.max-entries"), m.get("max-entries"), d.memory().maxEntries(), 1, 100_000_000));
        Map<String, ?> t = section(key("timeouts"), s.get("timeouts"), Set.of("upstream", "query",
                "retry-failed-after", "tcp-idle"));
        DnsConfig.Timeouts timeouts = new DnsConfig.Timeouts(
                positive(key("timeouts.upstream"), durationOr(key("timeouts.upstream"), t.get("upstream"),
                        d.timeouts().upstream())),
                positive(key("timeouts.query"), durationOr(key("timeouts.query"), t.get("query"), d.timeouts().query())),
                durationOr(key("timeouts.retry-failed-after"), t.get("retry-failed-after"),
                        d.timeouts().retryFailedAfter()),
                positive(key("timeouts.tcp-idle"), durationOr(key("timeouts.tcp-idle"), t.get("tcp-idle"),
                        d.timeouts().tcpIdle())));
        Map<String, ?> sv = section(key("server"), s.get("server"), Set.of("udp-threads", "resolver-threads",
                "max-tcp-connections", "edns-udp-size"));
        DnsConfig.Server server = new DnsConfig.Server(
                intIn(key("server.udp-threads"), sv.get("udp-threads"), d.server().udpThreads(), 1, 64),
                intIn(key("server.resolver-threads"), sv.get("resolver-threads"), d.server().resolverThreads(), 1, 256),
                intIn(key("server.max-tcp-connections"), sv.get("max-tcp-connections"),
                        d.server().maxTcpConnections(), 1, 10_000),
                intIn(key("server.edns-udp-size"), sv.get("edns-udp-size"), d.server().ednsUdpSize(), 512, 65535));
        Map<String, ?> tl = section(key("tls"), s.get("tls"), Set.of("idle-timeout", "doh-max-connections"));
        DnsConfig.Tls tls = new DnsConfig.Tls(
                positive(key("tls.idle-timeout"), durationOr(key("tls.idle-timeout"), tl.get("idle-timeout"),
                        d.tls().idleTimeout())),
                intIn(key("tls.doh-max-connections"), tl.get("doh-max-connections"), d.tls().dohMaxConnections(), 1, 64));
        return new DnsConfig(listen, upstreams, local, localDomains, searchDomains, style, blockedTtl, cache, memory,
                timeouts, server, tls);
    }

    private String key(String k) {
        return prefix.isEmpty() ? k : prefix + "." + k;
    }

    private static void checkKeys(String where, Map<String, ?> map, Set<String> known) {
        for (String k : map.keySet()) {
            if (!known.contains(k)) {
                throw new DnsConfigException(where.isEmpty() ? k : where + "." + k,
                        "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> section(String key, Object value, Set<String> known) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new DnsConfigException(key, "expected a map of settings, got " + describe(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        checkKeys(key, out, known);
        return out;
    }

    private static List<UpstreamSpec> upstreams(String key, Object value) {
        List<UpstreamSpec> out = new ArrayList<>();
        List<String> items = stringList(key, value);
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(UpstreamSpec.parse(items.get(i)));
            } catch (IllegalArgumentException e) {
                throw new DnsConfigException(key + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static List<String> stringList(String key, Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                Object o = list.get(i);
                if (o instanceof Map || o instanceof List || o == null) {
                    throw new DnsConfigException(key + "[" + i + "]", "expected a string, got " + describe(o));
                }
                out.add(String.valueOf(o).trim());
            }
            return out;
        }
        if (value instanceof String) {
            for (String part : ((String) value).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
        throw new DnsConfigException(key, "expected a list, got " + describe(value));
    }

    static InetSocketAddress listenAddress(String key, String text) {
        String host = text;
        int port = 53;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new DnsConfigException(key, "missing ']' in '" + text + "'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new DnsConfigException(key, "expected ':port' after ']' in '" + text + "'");
                }
                port = port(key, rest.substring(1));
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = port(key, text.substring(text.indexOf(':') + 1));
        }
        InetAddress address = IpLiteral.parseOrNull(host);
        if (address == null) {
            throw new DnsConfigException(key, "expected an IP address with optional port such as 127.0.0.1:53 or"
                    + " [::1]:53, got '" + text + "'");
        }
        return new InetSocketAddress(address, port);
    }

    private static int port(String key, String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DnsConfigException(key, "expected a port 0..65535, got '" + text + "'");
    }

    private static String scalar(String key, Object value) {
        if (value instanceof Map || value instanceof List || value == null) {
            throw new DnsConfigException(key, "expected a single value, got " + describe(value));
        }
        return String.valueOf(value).trim();
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        String t = scalar(key, value).toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("yes")) {
            return true;
        }
        if (t.equals("false") || t.equals("no")) {
            return false;
        }
        throw new DnsConfigException(key, "expected true or false, got '" + value + "'");
    }

    private static int intIn(String key, Object value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        long v;
        if (value instanceof Number && !(value instanceof Double || value instanceof Float)) {
            v = ((Number) value).longValue();
        } else {
            try {
                v = Long.parseLong(scalar(key, value).replace("_", ""));
            } catch (NumberFormatException e) {
                throw new DnsConfigException(key, "expected a whole number, got '" + value + "'");
            }
        }
        if (v < min || v > max) {
            throw new DnsConfigException(key, "expected a number from " + min + " to " + max + ", got " + v);
        }
        return (int) v;
    }

    private static Duration durationOr(String key, Object value, Duration fallback) {
        return value == null ? fallback : duration(key, value);
    }

    static Duration duration(String key, Object value) {
        if (value instanceof Number && !(value instanceof Double || value instanceof Float)) {
            long secs = ((Number) value).longValue();
            if (secs < 0) {
                throw new DnsConfigException(key, "must not be negative, got " + secs);
            }
            return Duration.ofSeconds(secs);
        }
        String t = scalar(key, value).toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new DnsConfigException(key, "expected a duration such as 500ms, 30s, 5m, 1h or 1d, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms": return Duration.ofMillis(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: return Duration.ofSeconds(n);
        }
    }

    private static Duration positive(String key, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new DnsConfigException(key, "must be longer than zero");
        }
        return d;
    }

    static String normalizeDomain(String text) {
        String d = text.trim().toLowerCase(Locale.ROOT);
        while (d.startsWith(".")) {
            d = d.substring(1);
        }
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return d;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
