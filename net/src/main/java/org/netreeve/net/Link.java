package org.netreeve.net;

import java.util.Objects;

/**
 * A connection as the firewall decides it: its original 5-tuple (initiator to responder, as
 * conntrack's original tuple) and whether this host or the peer opened it.
 */
public record Link(FiveTuple tuple, Direction direction) {
    public Link {
        Objects.requireNonNull(tuple, "tuple");
        Objects.requireNonNull(direction, "direction");
    }
}
