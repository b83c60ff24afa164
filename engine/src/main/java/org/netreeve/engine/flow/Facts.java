package org.netreeve.engine.flow;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.netreeve.engine.cache.DecisionKey;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.Connection;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Request;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.EndpointResult;
import org.netreeve.intel.endpoints.EndpointRule;
import org.netreeve.intel.endpoints.EndpointTarget;
import org.netreeve.net.Direction;
import org.netreeve.net.Verdict;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.net.scope.Scope;
import org.netreeve.process.ProcessInfo;

/** The facts the rule base sees at each level, built from a flow; shared by the decision stages. */
final class Facts {

  private Facts() {}

  /**
   * The communication as the rule base sees it: the process, the profile, the direction and the
   * entity: its domain (with CNAMEs), or its remote address when there is no domain. Ports,
   * protocol and, for a domain, the address are link facts and are absent (0 or null). Whether
   * the entity is Netreeve's nameserver is judged by the address alone, so that a rule excluding
   * the nameserver never votes on a communication one of whose links goes there.
   */
  static Connection communication(Flow f) {
    DecisionRequest r = f.request();
    InetAddress remote = f.domain == null ? r.remoteAddress() : null;
    return new Connection(Stage.COMMUNICATION, r.direction(), 0, ipVersion(remote), null, 0,
        IpLiteral.text(remote), 0, remote == null ? Scope.INVALID : f.scope, f.domain, f.cnames, f.dnsResolved,
        remote != null && f.toNameserverAddress, null, null);
  }

  /** The connection (or DNS query) at {@code stage}, with everything the flow knows. */
  static Connection full(Flow f, Stage stage) {
    DecisionRequest r = f.request();
    InetAddress remote = r.remoteAddress();
    return new Connection(stage, r.direction(), r.protocol(), ipVersion(remote), IpLiteral.text(r.localAddress()),
        r.localPort(), IpLiteral.text(remote), r.remotePort(), remote == null ? Scope.INVALID : f.scope, f.domain,
        f.cnames, f.dnsResolved, f.toNameserver, r.resolverScope(), r.queryType());
  }

  static Request request(Flow f, Connection c, IntelFacts intel, EndpointFacts endpoints) {
    PacketFacts packet = f.request().packet() == null ? PacketFacts.NONE : f.request().packet();
    return new Request(c, f.process, f.profile, intel, endpoints, f.policy, packet);
  }

  /** The verdict when no rule votes: a DNS query passes; a connection gets the default action. */
  static Verdict fallback(Flow f) {
    return f.request().stage().isDns() ? Verdict.ACCEPT : f.snapshot.config().defaultAction();
  }

  /** The endpoint lists' result: the profile's list first, then the global one. */
  static EndpointFacts endpoints(Flow f, Connection c, IntelFacts intel) {
    PolicyConfig cfg = f.snapshot.config();
    EndpointList own = c.isInbound() ? f.profile.getIncoming() : f.profile.getOutgoing();
    EndpointList global = c.isInbound() ? cfg.incoming() : cfg.endpoints();
    if (own == EndpointList.EMPTY && global == EndpointList.EMPTY) {
      return EndpointFacts.NO_MATCH;
    }
    InetAddress remote = f.request().remoteAddress();
    Set<String> lists = new HashSet<>(intel.lists());
    lists.addAll(intel.categories());
    EndpointTarget target = new EndpointTarget(c.domain(), c.cnames(), remote, c.protocol(), c.remotePort(),
        c.localPort(), remote == null ? null : c.scope(), intel.country(), intel.continent(), intel.asn(), lists);
    EndpointFacts e = endpointFacts("profile", own.match(target));
    return e.result() != EndpointFacts.Result.NO_MATCH ? e : endpointFacts("global", global.match(target));
  }

  private static EndpointFacts endpointFacts(String list, EndpointResult r) {
    EndpointRule rule = r.rule();
    EndpointFacts.Result result = switch (r.decision()) {
      case PERMIT -> EndpointFacts.Result.PERMIT;
      case DENY -> EndpointFacts.Result.DENY;
      case NO_MATCH -> EndpointFacts.Result.NO_MATCH;
      case UNDETERMINED -> EndpointFacts.Result.UNDECIDED;
    };
    if (rule == null) {
      return result == EndpointFacts.Result.NO_MATCH ? EndpointFacts.NO_MATCH
          : new EndpointFacts(result, list, null, null, 0);
    }
    return new EndpointFacts(result, list, rule.text(), rule.file(), rule.line());
  }

  /**
   * The cache key of a decision on {@code c}: everything the decision depends on, including the
   * parts of the process that user rules read.
   */
  static DecisionKey key(Flow f, Connection c) {
    if (f.snapshot.config().cacheSize() <= 0 || c.stage() == Stage.PACKET) {
      return null;
    }
    DecisionRequest req = f.request();
    ProcessInfo p = f.process;
    Set<String> reads = f.snapshot.ruleBase().reads();
    Object extra = reads.isEmpty() ? null : sensitive(reads, c, p, req);
    return new DecisionKey(c.stage(), c.direction(), c.protocol(), c.remoteIp(), c.remotePort(),
        c.direction() == Direction.INBOUND ? c.localPort() : 0, c.domain(), c.cnames(), c.dnsResolved(),
        c.resolverScope(), c.queryType(), f.profile.getId(), f.profile.getMatch(), p.uid(), p.exe(), f.globalLevel,
        f.intelSource.generation(), req.intel(), req.kernel(), extra);
  }

  private static Object sensitive(Set<String> reads, Connection c, ProcessInfo p, DecisionRequest req) {
    List<Object> parts = new ArrayList<>(4);
    for (String r : reads) {
      switch (r) {
        case "localPort" -> parts.add(c.localPort());
        case "localIp" -> parts.add(c.localIp());
        case "pid", "ppid", "startTime" -> {
          parts.add(p.pid());
          parts.add(p.startTime());
        }
        case "cmdline", "args" -> parts.add(p.cmdline());
        case "parents" -> parts.add(p.parents());
        case "cgroup", "container" -> parts.add(p.cgroup());
        case "user" -> parts.add(p.user());
        default -> parts.add(req.packet());
      }
    }
    return parts;
  }

  private static int ipVersion(InetAddress a) {
    return a == null ? 0 : a.getAddress().length == 4 ? 4 : 6;
  }
}
