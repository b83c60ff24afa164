package org.netreeve.net;

import java.net.InetAddress;
import java.util.Objects;
import org.netreeve.net.address.IpLiteral;

/**
 * A connection's addresses in the direction of its first packet (the conntrack "original" tuple).
 * Ports are 0 for protocols without ports.
 */
public record FiveTuple(int protocol, InetAddress source, int sourcePort, InetAddress destination,
        int destinationPort) {
    public FiveTuple {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.getAddress().length != destination.getAddress().length) {
            throw new IllegalArgumentException("source and destination differ in IP version: " + source + " "
                    + destination);
        }
        if (protocol < 0 || protocol > 255 || sourcePort < 0 || sourcePort > 65535 || destinationPort < 0
                || destinationPort > 65535) {
            throw new IllegalArgumentException("protocol or port out of range: " + protocol + " " + sourcePort
                    + " " + destinationPort);
        }
    }

    /** 4 or 6. */
    public int ipVersion() {
        return source.getAddress().length == 4 ? 4 : 6;
    }

    /** The same connection seen from the other end. */
    public FiveTuple reversed() {
        return new FiveTuple(protocol, destination, destinationPort, source, sourcePort);
    }

    @Override
    public String toString() {
        return IpProtocol.name(protocol) + " " + IpLiteral.withPort(source, sourcePort) + " -> "
                + IpLiteral.withPort(destination, destinationPort);
    }
}
