package org.netreeve.daemon.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.audit.AuditSink;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.facts.Connection;
import org.netreeve.net.Direction;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.IntelAdapter;
import org.netreeve.engine.policy.IntelSource;
import java.nio.file.Path;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.policy.PolicyException;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.scenario.ScenarioReader;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.SecurityLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netreeve decide}: dry-run a described connection against a policy and explain the verdict. */
@Command(name = "decide", aliases = "explain", mixinStandardHelpOptions = true,
    description = {"Decide a described connection (or DNS query) against a policy and explain the verdict.",
        "Nothing is intercepted: the process and connection are what the options say."})
public final class DecideCommand implements Callable<Integer> {

  @Mixin
  PolicyOptions policy;

  @Option(names = "--exe", paramLabel = "PATH", description = "Executable path of the process.")
  String exe;

  @Option(names = "--cmdline", paramLabel = "TEXT", description = "Command line (default: the executable).")
  String cmdline;

  @Option(names = "--uid", description = "User id (default: ${DEFAULT-VALUE}).", defaultValue = "1000")
  int uid;

  @Option(names = "--user", description = "User name (default: derived from the uid).")
  String user;

  @Option(names = "--pid", description = "Process id (default: ${DEFAULT-VALUE}).", defaultValue = "4242")
  int pid;

  @Option(names = "--parent", paramLabel = "PATH",
      description = "Executable of a parent process, nearest first (repeatable).")
  List<String> parents = new ArrayList<>();

  @Option(names = "--special", paramLabel = "KIND",
      description = "A special process instead of --exe: unidentified, kernel or self.")
  String special;

  @Option(names = "--domain", description = "Domain (the query name, or what the address was resolved from).")
  String domain;

  @Option(names = "--cname", paramLabel = "NAME", description = "CNAME behind the domain, in order (repeatable).")
  List<String> cnames = new ArrayList<>();

  @Option(names = "--ip", description = "Remote address.")
  String ip;

  @Option(names = "--proto", description = "Protocol: TCP, UDP, ICMP, ICMPv6 or a number (default: TCP).")
  String proto;

  @Option(names = "--port", description = "Remote port.")
  int port;

  @Option(names = "--local-port", description = "Local port (inbound: the listening port).")
  int localPort;

  @Option(names = "--direction", description = "outbound (default) or inbound.")
  String direction = "outbound";

  @Option(names = "--stage", description = "before-intel, after-intel, communication, link (default) or packet.")
  String stage = "link";

  @Option(names = "--level", description = "Security level for this decision: dynamic, secure or fortress.")
  String level;

  @Option(names = "--resolved", negatable = true,
      description = "The address was resolved through Netreeve's DNS (default: when --domain is given).")
  Boolean resolved;

  @Option(names = "--resolver", paramLabel = "SCOPE|IP",
      description = "At after-intel: the resolver that answered: internet, lan, localhost, or its address.")
  String resolver;

  @Option(names = "--lists", split = ",", paramLabel = "ID", description = "Filter lists the remote end is on.")
  List<String> lists = new ArrayList<>();

  @Option(names = "--categories", split = ",", paramLabel = "CAT",
      description = "Categories of those lists (ads, trackers, malware, ...).")
  List<String> categories = new ArrayList<>();

  @Option(names = "--country", description = "Country code of the remote address.")
  String country;

  @Option(names = "--continent", description = "Continent code of the remote address.")
  String continent;

  @Option(names = "--asn", description = "AS number of the remote address.")
  int asn;

  @Option(names = "--intel", paramLabel = "FILE",
      description = "Intel settings (filter lists, GeoIP, ASN databases) to decide with: a file with the keys of "
          + "netreeve.yaml's intel section, or netreeve.yaml itself.")
  Path intelFile;

  @Option(names = "--json", description = "Print the audit record as JSON (one line).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PolicyLoader loader = PolicyOptions.offlineLoader();
    PolicyLoader.Loaded loaded;
    try {
      loaded = loader.load(policy.dir());
    } catch (PolicyException e) {
      for (PolicyError err : e.errors()) {
        System.err.println(err);
      }
      return 1;
    }
    Stage st = Stage.parse(stage);
    DecisionRequest.Builder b = DecisionRequest.builder(st);
    b.process(process());
    if ("kernel".equals(special)) {
      b.kernel(true);
    }
    b.direction(Direction.parse(direction));
    b.protocol(proto != null ? Connection.parseProtocol(proto) : st.isDns() ? 0 : 6);
    InetAddress remote = ip == null ? null : address(ip, "--ip");
    b.remote(remote, port);
    b.local(null, localPort != 0 ? localPort : (port != 0 && "outbound".equalsIgnoreCase(direction) ? 50000 : 0));
    b.domain(domain).cnames(cnames);
    b.dnsResolved(resolved != null ? resolved : domain != null);
    if (resolver != null) {
      b.resolverScope(switch (resolver.toLowerCase(java.util.Locale.ROOT)) {
        case "internet", "global" -> org.netreeve.net.scope.Scope.INTERNET;
        case "lan", "local" -> org.netreeve.net.scope.Scope.LAN;
        case "localhost" -> org.netreeve.net.scope.Scope.LOCALHOST;
        default -> ScopeClassifier.DEFAULT.classify(address(resolver, "--resolver"));
      });
    }
    if (st.isDns()) {
      b.queryType(remote != null && remote.getAddress().length == 16 ? "AAAA" : "A");
    }
    if (!lists.isEmpty() || !categories.isEmpty() || country != null || continent != null || asn != 0) {
      b.intel(new DecisionRequest.IntelOverride(lists, categories, upper(country), upper(continent), asn, null));
    }
    if (level != null) {
      SecurityLevel l = SecurityLevel.fromYaml(level);
      if (l == null) {
        throw new IllegalArgumentException("unknown level \"" + level + "\", expected dynamic, secure or fortress");
      }
      b.level(l);
    }
    IntelSource intel = IntelSource.NONE;
    if (intelFile != null) {
      intel = new IntelAdapter(IntelFiles.load(intelFile));
    }
    Flow o = DecisionChain.dryRun(new PolicyState(loaded.snapshot(), intel), new Engine(),
        DecisionChain.LOCAL_NAMESERVERS, Clock.systemUTC()).run(b.build());
    if (json) {
      System.out.println(AuditJson.toJson(o.audit()));
    } else {
      System.out.print(AuditText.explain(o.audit()));
    }
    return 0;
  }

  private ProcessInfo process() {
    if (special != null) {
      switch (special) {
        case "unidentified", "kernel":
          return ProcessInfo.UNKNOWN;
        case "self":
          return new ProcessInfo(ScenarioReader.SELF_PID, 1, 1, "/usr/bin/netreeve", "netreeve run", List.of(), 0,
              "root", List.of(), "", "");
        default:
          throw new IllegalArgumentException("--special must be unidentified, kernel or self, not \"" + special + "\"");
      }
    }
    if (exe == null) {
      return ProcessInfo.UNKNOWN;
    }
    String cmd = cmdline != null ? cmdline : exe;
    List<ProcessInfo> chain = new ArrayList<>();
    int ppid = pid - 1;
    for (String p : parents) {
      chain.add(new ProcessInfo(ppid--, 1, 1, p, p, List.of(p), uid, name(uid), List.of(), "", ""));
    }
    return new ProcessInfo(pid, chain.isEmpty() ? 1 : chain.get(0).pid(), 1, exe, cmd, List.of(cmd.split("\\s+")),
        uid, user != null ? user : name(uid), chain, "", "");
  }

  private static String name(int uid) {
    return uid == 0 ? "root" : "uid" + uid;
  }

  private static InetAddress address(String text, String option) {
    String t = text.trim();
    if (!t.matches("[0-9a-fA-F:.]+") || (!t.contains(".") && !t.contains(":"))) {
      throw new IllegalArgumentException(option + " must be an IP address, not \"" + text + "\"");
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(option + " must be an IP address, not \"" + text + "\"");
    }
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
  }
}
