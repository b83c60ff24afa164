package org.netreeve.dns.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.netreeve.dns.policy.Transport;

/** Finds the process that holds a local address, so "port in use" can say by whom. */
public interface PortOwnerLookup {

    /** The owner of a socket bound to {@code address} over {@code transport} (UDP or TCP), if it can be found. */
    Optional<PortOwner> find(Transport transport, InetSocketAddress address);

    /** A lookup that never finds anyone. */
    PortOwnerLookup NONE = (t, a) -> Optional.empty();
}
