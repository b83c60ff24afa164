package org.netreeve.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.netreeve.net.IpProtocol;
import org.netreeve.net.address.IpLiteral;

/** A listen address is taken, e.g. {@code address 127.0.0.1:53 (udp) is in use by pid 123 (/usr/sbin/dnsmasq)}. */
public final class AddressInUseException extends IOException {

    private final InetSocketAddress address;
    private final int protocol;
    private final PortOwner owner;

    public AddressInUseException(InetSocketAddress address, int protocol, Optional<PortOwner> owner,
                                 Throwable cause) {
        super(message(address, protocol, owner), cause);
        this.address = address;
        this.protocol = protocol;
        this.owner = owner.orElse(null);
    }

    private static String message(InetSocketAddress address, int protocol, Optional<PortOwner> owner) {
        String base = "address " + IpLiteral.withPort(address.getAddress(), address.getPort()) + " ("
                + IpProtocol.lowerName(protocol) + ") is in use";
        return owner.map(o -> base + " by pid " + o.pid() + " (" + o.executable() + ")")
                .orElse(base + " (the owning process could not be found)");
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@link IpProtocol#UDP} or {@link IpProtocol#TCP}. */
    public int protocol() {
        return protocol;
    }

    public Optional<PortOwner> owner() {
        return Optional.ofNullable(owner);
    }
}
