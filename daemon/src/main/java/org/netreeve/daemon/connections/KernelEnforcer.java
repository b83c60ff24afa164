package org.netreeve.daemon.connections;

import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.interception.conntrack.ConntrackClient;
import org.netreeve.net.Link;
import org.netreeve.net.Direction;
import org.netreeve.net.IpProtocol;
import org.netreeve.process.diag.DiagException;
import org.netreeve.process.diag.InetDiag;
import org.netreeve.process.diag.InetDiagCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Enforcer} of a running daemon: conntrack for the mark, sock_diag (SOCK_DESTROY) for the socket. */
public final class KernelEnforcer implements Enforcer {

  private static final Logger log = LoggerFactory.getLogger(KernelEnforcer.class);

  private final ConntrackClient conntrack;
  private final InetDiag sockets;

  public KernelEnforcer(ConntrackClient conntrack, InetDiag sockets) {
    this.conntrack = conntrack;
    this.sockets = sockets;
  }

  @Override
  public void handBack(Link link, DecisionRequest r, boolean refused) throws Exception {
    conntrack.clearMark(link.tuple());
    if (!refused || r.protocol() != IpProtocol.TCP || r.localAddress() == null || r.remoteAddress() == null) {
      return;
    }
    // The socket is named from this host's side, whichever way the connection was opened.
    int family = r.localAddress().getAddress().length == 4 ? InetDiagCodec.AF_INET : InetDiagCodec.AF_INET6;
    try {
      sockets.destroy(family, IpProtocol.TCP, r.localAddress().getAddress(), r.localPort(),
          r.remoteAddress().getAddress(), r.remotePort());
    } catch (DiagException e) {
      log.warn("cannot abort the socket of {} ({}): {}", link, r.direction() == Direction.OUTBOUND ? "outbound"
          : "inbound", e.getMessage());
    }
  }
}
