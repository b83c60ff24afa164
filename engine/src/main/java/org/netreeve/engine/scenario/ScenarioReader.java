package org.netreeve.engine.scenario;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.Connection;
import org.netreeve.net.Direction;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.Verdict;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.policy.YamlTree;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.SecurityLevel;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads scenario files (docs/scenarios.md). Every error names the file, line and column.
 *
 * <pre>
 * policy: ../policy
 * level: dynamic
 * cases:
 *   - name: curl may fetch from example.com
 *     process: { exe: /usr/bin/curl, uid: 1000 }
 *     connection: { domain: example.com, ip: 93.184.216.34, protocol: TCP, port: 443 }
 *     expect: { verdict: accept, rule: default.global }
 * </pre>
 */
public final class ScenarioReader {

  /** The pid a scenario process gets when it says {@code special: self}. */
  public static final int SELF_PID = 999_999_901;

  private static final Set<String> TOP = Set.of("policy", "intel", "level", "cases", "description");
  private static final Set<String> CASE = Set.of("name", "process", "connection", "packet", "intel", "level",
      "expect");
  private static final Set<String> PROCESS = Set.of("exe", "cmdline", "args", "uid", "user", "pid", "parents",
      "cgroup", "container", "special");
  private static final Set<String> PARENT = Set.of("exe", "cmdline", "uid", "user", "pid");
  private static final Set<String> CONNECTION = Set.of("stage", "direction", "protocol", "domain", "cnames", "ip",
      "port", "local-ip", "local-port", "resolved", "resolver", "query-type");
  private static final Set<String> PACKET = Set.of("index", "payload", "tls", "tls-version");
  private static final Set<String> INTEL = Set.of("lists", "categories", "country", "continent", "asn", "org");
  private static final Set<String> EXPECT = Set.of("verdict", "rule", "stage", "profile", "tier", "reason-contains");

  private ScenarioReader() {}

  /** Reads a scenario file; errors go to {@code errors} and the result is then partial. */
  public static Scenario read(Path file, List<PolicyError> errors) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      errors.add(new PolicyError(file.toString(), 0, 0, "cannot read: " + e.getMessage()));
      return new Scenario(file, null, null, List.of());
    }
    YamlTree y = new YamlTree(file.toString(), errors);
    MappingNode root = y.root(text);
    if (root == null) {
      return new Scenario(file, null, null, List.of());
    }
    Map<String, Node> top = y.keys(root, TOP, " in a scenario file");
    Path policy = null;
    if (top.containsKey("policy")) {
      String p = y.scalar(top.get("policy"), "the policy directory");
      if (p != null) {
        Path base = file.toAbsolutePath().getParent();
        policy = base.resolve(p).normalize();
      }
    } else {
      y.error(root, "missing key \"policy\": the policy directory this scenario tests");
    }
    Path intel = null;
    if (top.containsKey("intel")) {
      String p = y.scalar(top.get("intel"), "an intel settings file");
      if (p != null) {
        intel = file.toAbsolutePath().getParent().resolve(p).normalize();
      }
    }
    SecurityLevel level = null;
    if (top.containsKey("level")) {
      level = level(y, top.get("level"));
    }
    List<Scenario.Case> cases = new ArrayList<>();
    if (!top.containsKey("cases")) {
      y.error(root, "missing key \"cases\": the list of cases");
    } else {
      List<Node> items = y.list(top.get("cases"), "the cases");
      if (items != null) {
        for (Node item : items) {
          Scenario.Case c = readCase(y, item, level, cases.size() + 1);
          if (c != null) {
            cases.add(c);
          }
        }
      }
    }
    return new Scenario(file, policy, intel, cases);
  }

  private static Scenario.Case readCase(YamlTree y, Node item, SecurityLevel fileLevel, int number) {
    MappingNode m = y.mapping(item, "a case");
    if (m == null) {
      return null;
    }
    int before = errorCount(y);
    Map<String, Node> k = y.keys(m, CASE, " in a case");
    String name = k.containsKey("name") ? y.scalar(k.get("name"), "the case's name") : "case " + number;
    Stage stage = Stage.LINK;
    Map<String, Node> conn = Map.of();
    if (k.containsKey("connection")) {
      MappingNode cm = y.mapping(k.get("connection"), "the connection");
      if (cm != null) {
        conn = y.keys(cm, CONNECTION, " in connection");
      }
    }
    if (conn.containsKey("stage")) {
      String s = y.scalar(conn.get("stage"), "a stage");
      if (s != null) {
        try {
          stage = Stage.parse(s);
        } catch (IllegalArgumentException e) {
          y.error(conn.get("stage"), e.getMessage());
        }
      }
    }
    DecisionRequest.Builder b = DecisionRequest.builder(stage);
    if (k.containsKey("process")) {
      readProcess(y, k.get("process"), b);
    } else {
      b.process(ProcessInfo.UNKNOWN);
    }
    readConnection(y, conn, b, stage);
    if (k.containsKey("packet")) {
      MappingNode pm = y.mapping(k.get("packet"), "the packet");
      if (pm != null) {
        Map<String, Node> p = y.keys(pm, PACKET, " in packet");
        int index = p.containsKey("index") ? y.integer(p.get("index"), "the packet index", 1, 1_000_000, 2) : 2;
        int payload = p.containsKey("payload") ? y.integer(p.get("payload"), "the payload length", 0, 65535, 0) : 0;
        boolean tls = p.containsKey("tls") && y.bool(p.get("tls"), "tls", false);
        int version = 0;
        if (p.containsKey("tls-version")) {
          version = tlsVersion(y, p.get("tls-version"));
        }
        b.packet(new PacketFacts(index, payload, tls, version));
      }
    }
    if (k.containsKey("intel")) {
      MappingNode im = y.mapping(k.get("intel"), "the intel");
      if (im != null) {
        Map<String, Node> i = y.keys(im, INTEL, " in intel");
        List<String> lists = i.containsKey("lists") ? y.strings(i.get("lists"), "filter list ids") : List.of();
        List<String> categories = i.containsKey("categories")
            ? y.strings(i.get("categories"), "filter list categories") : List.of();
        String country = i.containsKey("country") ? y.scalar(i.get("country"), "a country code") : null;
        String continent = i.containsKey("continent") ? y.scalar(i.get("continent"), "a continent code") : null;
        int asn = i.containsKey("asn") ? y.integer(i.get("asn"), "an AS number", 0, Integer.MAX_VALUE, 0) : 0;
        String org = i.containsKey("org") ? y.scalar(i.get("org"), "an AS organisation") : null;
        b.intel(new DecisionRequest.IntelOverride(lists, categories, upper(country), upper(continent), asn, org));
      }
    }
    SecurityLevel level = k.containsKey("level") ? level(y, k.get("level")) : fileLevel;
    b.level(level);
    Scenario.Expectation expect = null;
    if (!k.containsKey("expect")) {
      y.error(m, "case \"" + name + "\" has no \"expect\": say at least the verdict");
    } else {
      MappingNode em = y.mapping(k.get("expect"), "the expectation");
      if (em != null) {
        Map<String, Node> e = y.keys(em, EXPECT, " in expect");
        String verdict = e.containsKey("verdict") ? y.scalar(e.get("verdict"), "a verdict") : null;
        if (verdict != null && !isVerdict(verdict)) {
          y.error(e.get("verdict"), "unknown verdict \"" + verdict + "\", expected accept, block, drop or one of "
              + "Accept, Block, Drop, PermanentAccept, PermanentBlock, PermanentDrop, RerouteToNameserver, "
              + "RerouteToTunnel");
        }
        String stageText = e.containsKey("stage") ? y.scalar(e.get("stage"), "a stage") : null;
        if (stageText != null) {
          try {
            stageText = Stage.parse(stageText).label();
          } catch (IllegalArgumentException ex) {
            y.error(e.get("stage"), ex.getMessage());
          }
        }
        expect = new Scenario.Expectation(verdict,
            e.containsKey("rule") ? y.scalar(e.get("rule"), "a rule name") : null, stageText,
            e.containsKey("profile") ? y.scalar(e.get("profile"), "a profile id") : null,
            e.containsKey("tier") ? y.scalar(e.get("tier"), "a tier") : null,
            e.containsKey("reason-contains") ? y.scalar(e.get("reason-contains"), "text") : null);
        if (verdict == null && expect.rule() == null && expect.profile() == null && expect.stage() == null
            && expect.tier() == null && expect.reasonContains() == null) {
          y.error(em, "case \"" + name + "\" expects nothing: say at least the verdict");
        }
      }
    }
    if (errorCount(y) != before) {
      return null;
    }
    return new Scenario.Case(name, YamlTree.line(item), b.build(), expect);
  }

  private static void readProcess(YamlTree y, Node n, DecisionRequest.Builder b) {
    MappingNode pm = y.mapping(n, "the process");
    if (pm == null) {
      return;
    }
    Map<String, Node> p = y.keys(pm, PROCESS, " in process");
    if (p.containsKey("special")) {
      String s = y.scalar(p.get("special"), "unidentified, kernel or self");
      if ("unidentified".equals(s)) {
        b.process(ProcessInfo.UNKNOWN);
        return;
      } else if ("kernel".equals(s)) {
        b.process(ProcessInfo.UNKNOWN).kernel(true);
        return;
      } else if (!"self".equals(s)) {
        y.error(p.get("special"), "expected unidentified, kernel or self, got \"" + s + "\"");
        return;
      }
    }
    boolean self = p.containsKey("special");
    String exe = p.containsKey("exe") ? y.scalar(p.get("exe"), "the executable's path")
        : self ? "/usr/bin/java" : "";
    List<String> args = p.containsKey("args") ? y.strings(p.get("args"), "arguments") : null;
    String cmdline = p.containsKey("cmdline") ? y.scalar(p.get("cmdline"), "the command line")
        : args != null ? String.join(" ", args) : exe;
    if (args == null) {
      args = cmdline == null || cmdline.isBlank() ? List.of() : List.of(cmdline.trim().split("\\s+"));
    }
    int uid = p.containsKey("uid") ? y.integer(p.get("uid"), "a uid", -1, Integer.MAX_VALUE, 1000) : 1000;
    String user = p.containsKey("user") ? y.scalar(p.get("user"), "a user name") : uid == 0 ? "root" : "uid" + uid;
    int pid = self ? SELF_PID : p.containsKey("pid") ? y.integer(p.get("pid"), "a pid", 1, Integer.MAX_VALUE, 4242)
        : 4242;
    List<ProcessInfo> parents = new ArrayList<>();
    if (p.containsKey("parents")) {
      List<Node> items = y.list(p.get("parents"), "the parent processes, nearest first");
      if (items != null) {
        int ppid = pid - 1;
        for (Node item : items) {
          parents.add(parent(y, item, ppid--));
        }
      }
    }
    String cgroup = p.containsKey("cgroup") ? y.scalar(p.get("cgroup"), "a cgroup path") : "";
    String container = p.containsKey("container") ? y.scalar(p.get("container"), "a container id") : "";
    b.process(new ProcessInfo(pid, parents.isEmpty() ? 1 : parents.get(0).pid(), 1, nz(exe), nz(cmdline), args, uid,
        nz(user), parents, nz(cgroup), nz(container)));
  }

  private static ProcessInfo parent(YamlTree y, Node n, int pid) {
    if (n instanceof MappingNode m) {
      Map<String, Node> p = y.keys(m, PARENT, " in a parent");
      String exe = p.containsKey("exe") ? y.scalar(p.get("exe"), "the parent's executable") : "";
      String cmd = p.containsKey("cmdline") ? y.scalar(p.get("cmdline"), "the parent's command line") : exe;
      int uid = p.containsKey("uid") ? y.integer(p.get("uid"), "a uid", -1, Integer.MAX_VALUE, 1000) : 1000;
      int ppid = p.containsKey("pid") ? y.integer(p.get("pid"), "a pid", 1, Integer.MAX_VALUE, pid) : pid;
      String user = p.containsKey("user") ? y.scalar(p.get("user"), "a user") : "uid" + uid;
      return new ProcessInfo(ppid, 1, 1, nz(exe), nz(cmd), cmd == null ? List.of() : List.of(cmd.split("\\s+")),
          uid, nz(user), List.of(), "", "");
    }
    String exe = y.scalar(n, "a parent's executable path or {exe, cmdline, uid}");
    return new ProcessInfo(pid, 1, 1, nz(exe), nz(exe), exe == null ? List.of() : List.of(exe), 1000, "uid1000",
        List.of(), "", "");
  }

  private static void readConnection(YamlTree y, Map<String, Node> c, DecisionRequest.Builder b, Stage stage) {
    Direction dir = Direction.OUTBOUND;
    if (c.containsKey("direction")) {
      String s = y.scalar(c.get("direction"), "outbound or inbound");
      if (s != null) {
        try {
          dir = Direction.parse(s);
        } catch (IllegalArgumentException e) {
          y.error(c.get("direction"), e.getMessage());
        }
      }
    }
    b.direction(dir);
    int protocol = stage.isDns() ? 0 : 6;
    if (c.containsKey("protocol")) {
      String s = y.scalar(c.get("protocol"), "a protocol");
      if (s != null) {
        try {
          protocol = Connection.parseProtocol(s);
        } catch (IllegalArgumentException e) {
          y.error(c.get("protocol"), e.getMessage());
        }
      }
    }
    b.protocol(protocol);
    String domain = c.containsKey("domain") ? y.scalar(c.get("domain"), "a domain") : null;
    b.domain(domain);
    if (c.containsKey("cnames")) {
      b.cnames(y.strings(c.get("cnames"), "CNAME names"));
    }
    InetAddress ip = c.containsKey("ip") ? address(y, c.get("ip")) : null;
    int port = c.containsKey("port") ? y.integer(c.get("port"), "a port", 0, 65535, 0) : 0;
    b.remote(ip, port);
    InetAddress localIp = c.containsKey("local-ip") ? address(y, c.get("local-ip")) : null;
    int localPort = c.containsKey("local-port") ? y.integer(c.get("local-port"), "a port", 0, 65535, 0)
        : dir == Direction.OUTBOUND && port != 0 ? 50000 : 0;
    b.local(localIp, localPort);
    boolean resolved = c.containsKey("resolved") ? y.bool(c.get("resolved"), "resolved", domain != null)
        : domain != null;
    b.dnsResolved(resolved);
    if (c.containsKey("resolver")) {
      b.resolverScope(resolverScope(y, c.get("resolver")));
    }
    if (c.containsKey("query-type")) {
      b.queryType(upper(y.scalar(c.get("query-type"), "a query type such as A or AAAA")));
    } else if (stage.isDns()) {
      b.queryType(ip != null && ip.getAddress().length == 16 ? "AAAA" : "A");
    }
  }

  private static InetAddress address(YamlTree y, Node n) {
    String s = y.scalar(n, "an IP address");
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (!t.matches("[0-9a-fA-F:.]+") || (!t.contains(".") && !t.contains(":"))) {
      y.error(n, "expected an IP address, got \"" + s + "\"");
      return null;
    }
    try {
      return InetAddress.getByName(t);
    } catch (IOException e) {
      y.error(n, "expected an IP address, got \"" + s + "\"");
      return null;
    }
  }

  /** "internet", "lan", "localhost", or a resolver's address (classified). */
  private static Scope resolverScope(YamlTree y, Node n) {
    String s = y.scalar(n, "the resolver: internet, lan, localhost or its IP address");
    if (s == null) {
      return null;
    }
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "internet", "global":
        return Scope.INTERNET;
      case "lan", "local":
        return Scope.LAN;
      case "localhost":
        return Scope.LOCALHOST;
      default:
        InetAddress a = address(y, n);
        return a == null ? null : ScopeClassifier.DEFAULT.classify(a);
    }
  }

  private static int tlsVersion(YamlTree y, Node n) {
    String s = y.scalar(n, "a TLS version (1.0, 1.1, 1.2, 1.3 or 0x0303)");
    if (s == null) {
      return 0;
    }
    switch (s.trim()) {
      case "1.0": return 0x0301;
      case "1.1": return 0x0302;
      case "1.2": return 0x0303;
      case "1.3": return 0x0304;
      default:
        try {
          return Integer.decode(s.trim());
        } catch (NumberFormatException e) {
          y.error(n, "expected a TLS version (1.0, 1.1, 1.2, 1.3 or 0x0303), got \"" + s + "\"");
          return 0;
        }
    }
  }

  private static SecurityLevel level(YamlTree y, Node n) {
    String s = y.scalar(n, "a security level");
    SecurityLevel l = s == null ? null : SecurityLevel.fromYaml(s.trim());
    if (s != null && l == null) {
      y.error(n, "expected a security level (dynamic, secure or fortress), got \"" + s + "\"");
    }
    return l;
  }

  static boolean isVerdict(String v) {
    String t = v.trim().toLowerCase(Locale.ROOT);
    if (t.equals("accept") || t.equals("block") || t.equals("drop") || t.equals("permit")) {
      return true;
    }
    try {
      Verdict.parse(v);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int errorCount(YamlTree y) {
    return y.errorCount();
  }

  private static String upper(String s) {
    return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
