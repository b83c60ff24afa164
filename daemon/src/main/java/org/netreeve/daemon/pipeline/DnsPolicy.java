package org.netreeve.daemon.pipeline;

import org.netreeve.net.IpProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.policy.ResolvedAddress;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.scope.Scope;
import org.netreeve.process.Attribution;
import org.netreeve.process.ProcessInfo;

/**
 * The nameserver's policy: every query is attributed to its process and decided at stage
 * before-intel; every address of the answer at stage after-intel (blocked addresses are removed
 * from the answer). Each decision writes its audit record. The attribution token handed back to
 * the DNS module is the profile id, so the IP-to-domain memory is kept per profile.
 */
public final class DnsPolicy implements QueryPolicy {

  private final DecisionChain chain;
  private final Attributor attributor;
  private final int selfPid = (int) ProcessHandle.current().pid();
  /**
   * The process of each query between its two stages, so the answer's decisions need no second
   * attribution. Only allowed queries are kept; bounded, since a query whose upstreams all fail
   * has no second stage.
   */
  private final ConcurrentHashMap<QueryKey, Client> pending = new ConcurrentHashMap<>();
  private static final int PENDING_MAX = 8192;

  private record QueryKey(InetSocketAddress client, int id, String name, int type) {}

  public DnsPolicy(DecisionChain chain, Attributor attributor) {
    this.chain = chain;
    this.attributor = attributor;
  }

  @Override
  public BeforeResolveDecision beforeResolve(QueryContext q) {
    Client c = client(q);
    DecisionRequest request = DecisionRequest.builder(Stage.BEFORE_INTEL).process(c.process).kernel(c.kernel)
        .domain(q.qname()).queryType(q.qtypeName())
        .local(q.client() == null ? null : q.client().getAddress(), q.client() == null ? 0 : q.client().getPort())
        .build();
    Flow o = chain.run(request);
    String token = o.profile().getId();
    if (o.verdict().allows()) {
      if (q.client() != null) {
        if (pending.size() >= PENDING_MAX) {
          pending.clear();
        }
        pending.put(new QueryKey(q.client(), q.queryId(), q.qname(), q.qtype()), c);
      }
      return BeforeResolveDecision.allow(o.decision().reason(), token);
    }
    return BeforeResolveDecision.block(null, o.decision().reason(), token);
  }

  @Override
  public AfterResolveDecision afterResolve(QueryContext q, ResolvedAnswer answer) {
    Client c = q.client() == null ? null : pending.remove(new QueryKey(q.client(), q.queryId(), q.qname(), q.qtype()));
    if (c == null) {
      c = client(q);
    }
    Scope resolverScope = switch (answer.resolver().scope()) {
      case GLOBAL -> Scope.INTERNET;
      case LOCAL -> Scope.LAN;
      case INTERNAL -> Scope.LOCALHOST;
    };
    DecisionRequest.Builder base = DecisionRequest.builder(Stage.AFTER_INTEL).process(c.process).kernel(c.kernel)
        .domain(q.qname()).cnames(answer.cnameChain()).queryType(q.qtypeName()).resolverScope(resolverScope)
        .dnsResolved(true);
    List<ResolvedAddress> addresses = answer.addresses();
    if (addresses.isEmpty()) {
      // No address to decide on (CNAME only, NXDOMAIN, other types): decide on the names alone,
      // so a blocked name behind a CNAME is still caught.
      Flow o = chain.run(base.build());
      return o.verdict().allows() ? AfterResolveDecision.allow(o.decision().reason())
          : new AfterResolveDecision.Block(null, o.decision().reason());
    }
    Set<InetAddress> keep = new LinkedHashSet<>();
    String removed = null;
    for (ResolvedAddress a : addresses) {
      Flow o = chain.run(base.remote(a.address(), 0).build());
      if (o.verdict().allows()) {
        keep.add(a.address());
      } else if (removed == null) {
        removed = o.decision().reason();
      }
    }
    if (removed == null) {
      return AfterResolveDecision.allow("every address allowed");
    }
    return new AfterResolveDecision.AllowOnly(keep, null, removed);
  }

  private record Client(ProcessInfo process, boolean kernel) {}

  private Client client(QueryContext q) {
    if (q.internal() || q.client() == null) {
      // Asked through Netreeve's own API (netreeve dns query): on behalf of Netreeve itself.
      return new Client(attributor.resolver().byPid(selfPid), false);
    }
    InetAddress clientAddress = q.client().getAddress();
    InetAddress server = q.local() == null || q.local().getAddress().isAnyLocalAddress()
        ? loopbackLike(clientAddress) : q.local().getAddress();
    if ((server.getAddress().length == 4) != (clientAddress.getAddress().length == 4)) {
      server = loopbackLike(clientAddress);
    }
    Attribution a = attributor.attribute(q.protocol(), q.client().getAddress(),
        q.client().getPort(), server, q.local() == null ? 53 : q.local().getPort(), true, -1);
    return new Client(a.process(), a.outcome() == Attribution.Outcome.KERNEL);
  }

  private static InetAddress loopbackLike(InetAddress a) {
    try {
      return a.getAddress().length == 4 ? InetAddress.getByAddress(new byte[] {127, 0, 0, 1})
          : InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
