package org.netreeve.interception.iptables;

import org.netreeve.net.address.IpLiteral;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the nat rules send rerouted traffic.
 *
 * @param nameserverV4 the local nameserver for IPv4 DNS queries marked 1799 (default 127.0.0.1)
 * @param nameserverV6 the local nameserver for IPv6 DNS queries marked 1799 (default ::1)
 * @param nameserverPort its port (default 53)
 * @param tunnelV4 the tunnel entry point for connections marked 1717 (default 127.0.0.17)
 * @param tunnelV6 the IPv6 tunnel entry point (default ::1). ip6tables cannot DNAT to an IPv4
 *     address, and leaving out the IPv6 rules would let a 1717-marked connection leave untunneled
 *     (C17 accepts 1717); so IPv6 connections go to loopback, where an entry point listening on
 *     [::1] takes them, or, if none listens, they are refused locally rather than leaking
 * @param tunnelPort the entry point's port for TCP and UDP (default 1117)
 * @param acceptRelatedIcmpErrors add one rule to C170 and C171 (before the NFQUEUE rule) that marks
 *     ICMP/ICMPv6 errors RELATED to a tracked connection 1700 instead of queueing them. Not in the
 *     seed, so off by default. Why it exists: the ICMP error that a 1701/1711 REJECT sends is
 *     generated while the kernel reinjects the verdict, belongs to the still unconfirmed connection
 *     and carries mark 0, so it is queued again, and the kernel drops a queued packet of an
 *     unconfirmed, shared connection (measured on Linux 6.18). Without this rule a block therefore
 *     behaves like a drop (the client retries until it times out); with it the client is refused
 *     at once (EHOSTUNREACH for IPv4, EACCES for IPv6).
 */
public record RuleConfig(InetAddress nameserverV4, InetAddress nameserverV6, int nameserverPort, InetAddress tunnelV4,
        InetAddress tunnelV6, int tunnelPort, boolean acceptRelatedIcmpErrors) {

    public RuleConfig {
        Objects.requireNonNull(nameserverV4, "nameserverV4");
        Objects.requireNonNull(nameserverV6, "nameserverV6");
        Objects.requireNonNull(tunnelV4, "tunnelV4");
        Objects.requireNonNull(tunnelV6, "tunnelV6");
        if (!(nameserverV4 instanceof Inet4Address) || !(tunnelV4 instanceof Inet4Address)) {
            throw new IllegalArgumentException("nameserverV4 and tunnelV4 must be IPv4 addresses: " + nameserverV4
                    + " " + tunnelV4);
        }
        if (!(nameserverV6 instanceof Inet6Address) || !(tunnelV6 instanceof Inet6Address)) {
            throw new IllegalArgumentException("nameserverV6 and tunnelV6 must be IPv6 addresses: " + nameserverV6
                    + " " + tunnelV6);
        }
        if (nameserverPort < 1 || nameserverPort > 65535 || tunnelPort < 1 || tunnelPort > 65535) {
            throw new IllegalArgumentException("ports must be 1-65535: nameserver " + nameserverPort + ", tunnel "
                    + tunnelPort);
        }
    }

    /** The seed's addresses: nameserver 127.0.0.1:53 / [::1]:53, tunnel 127.0.0.17:1117 / [::1]:1117. */
    public static RuleConfig defaults() {
        try {
            return new RuleConfig(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"), 53,
                    InetAddress.getByName("127.0.0.17"), InetAddress.getByName("::1"), 1117, false);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public RuleConfig withNameserver(InetAddress v4, InetAddress v6, int port) {
        return new RuleConfig(v4, v6, port, tunnelV4, tunnelV6, tunnelPort, acceptRelatedIcmpErrors);
    }

    public RuleConfig withAcceptRelatedIcmpErrors(boolean accept) {
        return new RuleConfig(nameserverV4, nameserverV6, nameserverPort, tunnelV4, tunnelV6, tunnelPort, accept);
    }

    String nameserver(IpFamily family) {
        return family == IpFamily.IPV4 ? nameserverV4.getHostAddress() : "[" + IpLiteral.text(nameserverV6) + "]";
    }

    String tunnel(IpFamily family) {
        return family == IpFamily.IPV4 ? tunnelV4.getHostAddress() : "[" + IpLiteral.text(tunnelV6) + "]";
    }

    String tunnelHost(IpFamily family) {
        return family == IpFamily.IPV4 ? tunnelV4.getHostAddress() : IpLiteral.text(tunnelV6);
    }
}
