package org.netreeve.dns.server;

import java.net.InetSocketAddress;
import java.util.Optional;

/** Finds the process that holds a local address, so "port in use" can say by whom. */
public interface PortOwnerLookup {

    /** The owner of a socket bound to {@code address} over {@code protocol} ({@link org.netreeve.net.IpProtocol#UDP} or TCP), if it can be found. */
    Optional<PortOwner> find(int protocol, InetSocketAddress address);

    /** A lookup that never finds anyone. */
    PortOwnerLookup NONE = (t, a) -> Optional.empty();
}
