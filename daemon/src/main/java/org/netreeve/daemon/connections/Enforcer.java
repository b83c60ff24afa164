package org.netreeve.daemon.connections;

import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.net.Link;

/**
 * Makes a changed verdict take effect on a link the kernel handles on its own: clears its
 * conntrack mark so its next packet comes back to user space, and when it is now refused aborts
 * its local TCP socket, so its program learns at once (ICMP errors do not end an established TCP
 * connection).
 */
@FunctionalInterface
public interface Enforcer {

  /**
   * @param refused true when the new verdict no longer lets the link go on
   * @throws Exception when the kernel refused (the link keeps its old verdict)
   */
  void handBack(Link link, DecisionRequest request, boolean refused) throws Exception;

  /** Nothing to enforce (no interception: the kernel holds no marks of ours). */
  Enforcer NONE = (link, request, refused) -> { };
}
