package org.netreeve.daemon.pipeline;

import java.net.InetAddress;
import org.netreeve.process.Attribution;
import org.netreeve.process.LinkQuery;
import org.netreeve.process.ProcessResolver;

/** Stage "attribute": which process owns this end of a connection. Never throws, never hangs. */
public final class Attributor {

  private final ProcessResolver resolver;

  public Attributor(ProcessResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Attributes a connection seen from this host.
   *
   * @param protocol  IP protocol number
   * @param local     this host's address and port
   * @param remote    the peer's address and port
   * @param outbound  true when this host opened the connection
   * @param kernelUid the uid nfqueue reported, or -1
   */
  public Attribution attribute(int protocol, InetAddress local, int localPort, InetAddress remote, int remotePort,
      boolean outbound, int kernelUid) {
    LinkQuery q = outbound ? LinkQuery.outbound(protocol, local, localPort, remote, remotePort)
        : LinkQuery.inbound(protocol, local, localPort, remote, remotePort);
    if (kernelUid >= 0) {
      q = q.withKernelUid(kernelUid);
    }
    return resolver.attribute(q);
  }

  public ProcessResolver resolver() {
    return resolver;
  }
}
