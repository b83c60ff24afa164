package org.netreeve.engine.flow;

import java.net.InetAddress;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.Direction;

/**
 * Stage "domain": for the first packet of an outbound connection that came without a domain,
 * the name its remote address was resolved from by the nameserver for this profile's programs.
 * DNS queries carry their name already; inbound connections have none.
 */
public final class DomainStage implements FlowStage {

  private final DomainLookup lookup;

  public DomainStage(DomainLookup lookup) {
    this.lookup = lookup;
  }

  @Override
  public void apply(Flow f) {
    Stage s = f.request().stage();
    InetAddress remote = f.request().remoteAddress();
    if (f.domain != null || remote == null || f.request().direction() != Direction.OUTBOUND
        || (s != Stage.LINK && s != Stage.COMMUNICATION)) {
      return;
    }
    DomainLookup.Name n = lookup.recall(f.profile.getId(), remote);
    if (n != null) {
      f.domain = n.domain();
      f.cnames = n.cnames();
      f.dnsResolved = true;
    }
  }
}
