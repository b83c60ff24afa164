package org.netreeve.daemon.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netreeve.engine.policy.IntelSettings;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.policy.YamlTree;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads netreeve.yaml. Relative paths are relative to the file's directory. Every error names the
 * file, line and column; the DNS section is checked by the DNS module.
 */
public final class DaemonConfigReader {

  private static final Set<String> TOP = Set.of("policy", "audit-log", "state-dir", "api", "interception", "dns",
      "intel", "history", "network");
  private static final Set<String> INTERCEPTION = Set.of("enabled", "ipv6", "recheck-interval");
  private static final Set<String> HISTORY = Set.of("enabled", "retention");
  private static final Set<String> NETWORK = Set.of("detect-change");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private DaemonConfigReader() {}

  /** Reads {@code text} of {@code file}; errors go to {@code errors}. */
  @SuppressWarnings("unchecked")
  public static DaemonConfig read(String text, Path file, List<PolicyError> errors) {
    DaemonConfig d = DaemonConfig.defaults();
    YamlTree y = new YamlTree(file.toString(), errors);
    MappingNode root = y.root(text);
    if (root == null) {
      return d;
    }
    Path base = file.toAbsolutePath().getParent();
    Map<String, Node> k = y.keys(root, TOP, " in netreeve.yaml");
    Path policy = k.containsKey("policy") ? path(y, k.get("policy"), base, d.policy()) : d.policy();
    Path audit = k.containsKey("audit-log") ? path(y, k.get("audit-log"), base, d.auditLog()) : d.auditLog();
    Path state = k.containsKey("state-dir") ? path(y, k.get("state-dir"), base, d.stateDir()) : d.stateDir();
    InetSocketAddress api = k.containsKey("api") ? address(y, k.get("api"), d.api()) : d.api();
    boolean interception = d.interception();
    boolean ipv6 = d.ipv6();
    Duration recheck = d.recheckInterval();
    if (k.containsKey("interception")) {
      MappingNode m = y.mapping(k.get("interception"), "interception settings");
      if (m != null) {
        Map<String, Node> i = y.keys(m, INTERCEPTION, " under interception");
        interception = i.containsKey("enabled") ? y.bool(i.get("enabled"), "interception.enabled", true) : true;
        ipv6 = i.containsKey("ipv6") ? y.bool(i.get("ipv6"), "interception.ipv6", true) : true;
        recheck = i.containsKey("recheck-interval") ? duration(y, i.get("recheck-interval"), recheck) : recheck;
      }
    }
    boolean dns = d.dns();
    Map<String, Object> dnsSection = Map.of();
    if (k.containsKey("dns")) {
      MappingNode m = y.mapping(k.get("dns"), "dns settings");
      if (m != null) {
        Object raw = new Yaml(new LoaderOptions()).load(text);
        Map<String, Object> all = raw instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Object section = all.get("dns");
        Map<String, Object> copy = section instanceof Map<?, ?> sm ? new LinkedHashMap<>((Map<String, Object>) sm)
            : new LinkedHashMap<>();
        Object enabled = copy.remove("enabled");
        if (enabled != null) {
          if (enabled instanceof Boolean b) {
            dns = b;
          } else {
            y.error(m, "dns.enabled: expected true or false, got \"" + enabled + "\"");
          }
        }
        dnsSection = copy;
      }
    }
    IntelSettings intel = d.intel();
    if (k.containsKey("intel")) {
      MappingNode m = y.mapping(k.get("intel"), "intel settings");
      if (m != null) {
        intel = IntelSettings.read(y, m, base);
      }
    }
    boolean history = d.history();
    Duration retention = d.historyRetention();
    if (k.containsKey("history")) {
      MappingNode m = y.mapping(k.get("history"), "history settings");
      if (m != null) {
        Map<String, Node> h = y.keys(m, HISTORY, " under history");
        history = h.containsKey("enabled") ? y.bool(h.get("enabled"), "history.enabled", true) : true;
        retention = h.containsKey("retention") ? duration(y, h.get("retention"), retention) : retention;
      }
    }
    boolean detect = d.detectNetworkChange();
    if (k.containsKey("network")) {
      MappingNode m = y.mapping(k.get("network"), "network settings");
      if (m != null) {
        Map<String, Node> n = y.keys(m, NETWORK, " under network");
        detect = n.containsKey("detect-change") ? y.bool(n.get("detect-change"), "network.detect-change", true)
            : true;
      }
    }
    return new DaemonConfig(policy, audit, state, api, interception, ipv6, dns, dnsSection, intel, history,
        retention, detect, recheck);
  }

  private static Path path(YamlTree y, Node n, Path base, Path fallback) {
    String s = y.scalar(n, "a path");
    if (s == null) {
      return fallback;
    }
    Path p = Path.of(s.trim());
    return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
  }

  static InetSocketAddress address(YamlTree y, Node n, InetSocketAddress fallback) {
    String s = y.scalar(n, "an address and port such as 127.0.0.1:817");
    if (s == null) {
      return fallback;
    }
    String t = s.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0) {
      y.error(n, "expected an address and port such as 127.0.0.1:817 or [::1]:817, got \"" + s + "\"");
      return fallback;
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(t.substring(colon + 1));
      if (!host.matches("[0-9a-fA-F:.]+") || port < 1 || port > 65535) {
        throw new IllegalArgumentException();
      }
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (Exception e) {
      y.error(n, "expected an address and port such as 127.0.0.1:817 or [::1]:817, got \"" + s + "\"");
      return fallback;
    }
  }

  static Duration duration(YamlTree y, Node n, Duration fallback) {
    String s = y.scalar(n, "a duration such as 30s, 5m, 7d");
    if (s == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(s.trim());
    if (!m.matches()) {
      y.error(n, "expected a duration such as 500ms, 30s, 5m, 1h or 7d, got \"" + s + "\"");
      return fallback;
    }
    long v = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(v);
      case "m" -> Duration.ofMinutes(v);
      case "h" -> Duration.ofHours(v);
      case "d" -> Duration.ofDays(v);
      default -> Duration.ofSeconds(v);
    };
  }
}
