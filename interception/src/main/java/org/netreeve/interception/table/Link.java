package org.netreeve.interception.table;

import java.util.Objects;
import org.netreeve.net.Direction;
import org.netreeve.net.FiveTuple;

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
