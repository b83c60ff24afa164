package org.netreeve.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import org.netreeve.dns.policy.Transport;
import org.netreeve.dns.upstream.IpLiteral;

/** A listen address is taken, e.g. {@code address 127.0.0.1:53 (udp) is in use by pid 123 (/usr/sbin/dnsmasq)}. */
public final class AddressInUseException extends IOException {

    private final InetSocketAddress address;
    private final Transport transport;
    private final PortOwner owner;

    public AddressInUseException(InetSocketAddress address, Transport transport, Optional<PortOwner> owner,
                                 Throwable cause) {
        super(message(address, transport, owner), cause);
        this.address = address;
        this.transport = transport;
        this.owner = owner.orElse(null);
    }

    private static String message(InetSocketAddress address, Transport transport, Optional<PortOwner> owner) {
        String base = "address " + IpLiteral.format(address.getAddress(), address.getPort()) + " ("
                + transport.name().toLowerCase(Locale.ROOT) + ") is in use";
        return owner.map(o -> base + " by pid " + o.pid() + " (" + o.executable() + ")")
                .orElse(base + " (the owning process could not be found)");
    }

    public InetSocketAddress address() {
        return address;
    }

    public Transport transport() {
        return transport;
    }

    public Optional<PortOwner> owner() {
        return Optional.ofNullable(owner);
    }
}
