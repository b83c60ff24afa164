package org.netreeve.daemon.pipeline;

import org.netreeve.net.IpProtocol;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.net.Verdict;
import org.netreeve.interception.conntrack.ConntrackClient;
import org.netreeve.process.LinkQuery;
import org.netreeve.process.ProcessResolver;
import org.netreeve.net.IpProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a policy reload or a change of security level, the links the kernel handles on its own
 * (permanent verdicts) are decided again; those whose verdict would now differ get their conntrack
 * mark cleared, so their next packet comes back to user space and is decided, and audited, anew.
 * An open TCP connection that is now blocked is also aborted at its local socket, so its program
 * learns at once instead of waiting for a timeout (ICMP errors do not end an established TCP
 * connection).
 */
public final class Redecider {

  private static final Logger log = LoggerFactory.getLogger(Redecider.class);

  private final DecisionChain chain;
  private final LinkRegistry links;
  private final ConntrackClient conntrack;
  private final ProcessResolver sockets;

  /**
   * @param conntrack the conntrack client, or null when marks cannot be changed (no interception)
   * @param sockets   aborts local sockets of connections that are now blocked, or null
   */
  public Redecider(DecisionChain chain, LinkRegistry links, ConntrackClient conntrack, ProcessResolver sockets) {
    this.chain = chain;
    this.links = links;
    this.conntrack = conntrack;
    this.sockets = sockets;
  }

  /** Decides every permanent link again; returns how many were handed back to user space. */
  public int run(String why) {
    int changed = 0;
    int checked = 0;
    for (LinkRegistry.Record r : links.records()) {
      if (!r.verdict().isPermanent() || r.inspection() != null || r.stale().get()) {
        continue;
      }
      checked++;
      Verdict now;
      try {
        Flow f = DecisionChain.start(r.request());
        f.quiet(true);
        now = chain.run(f).verdict();
      } catch (RuntimeException e) {
        log.warn("re-deciding {} failed: {}", r.link(), e.toString());
        continue;
      }
      if (now == r.verdict()) {
        continue;
      }
      try {
        if (conntrack != null) {
          conntrack.clearMark(r.link().tuple());
        }
        links.markStale(r.link());
        changed++;
        if (!now.allows() && sockets != null && r.request().protocol() == 6
            && r.request().localAddress() != null && r.request().remoteAddress() != null) {
          LinkQuery q = r.request().direction() == org.netreeve.net.Direction.OUTBOUND
              ? LinkQuery.outbound(IpProtocol.TCP, r.request().localAddress(), r.request().localPort(),
                  r.request().remoteAddress(), r.request().remotePort())
              : LinkQuery.inbound(IpProtocol.TCP, r.request().localAddress(), r.request().localPort(),
                  r.request().remoteAddress(), r.request().remotePort());
          sockets.abortTcp(q);
        }
      } catch (Exception e) {
        log.warn("clearing the mark of {} failed: {}", r.link(), e.toString());
      }
    }
    if (changed > 0) {
      log.info("{}: {} of {} connections will be decided again", why, changed, checked);
    }
    return changed;
  }
}
