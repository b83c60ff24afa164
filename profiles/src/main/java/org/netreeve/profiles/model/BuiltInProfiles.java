package org.netreeve.profiles.model;

import java.util.List;
import org.netreeve.intel.endpoints.EndpointList;
import org.netreeve.intel.endpoints.NamedPort;
import org.netreeve.intel.endpoints.PortRange;

/**
 * The profiles Netreeve supplies when the profile directory does not define them. Their
 * behaviour is documented in docs/profiles.md, section "Special profiles".
 */
public final class BuiltInProfiles {

  /** Paths of systemd-resolved on merged-/usr and classic layouts. */
  public static final List<String> RESOLVER_PATHS =
      List.of("/usr/lib/systemd/systemd-resolved", "/lib/systemd/systemd-resolved");

  private BuiltInProfiles() {}

  /** The built-in profile for a special. */
  public static Profile special(Special special) {
    switch (special) {
      case UNIDENTIFIED:
        return unidentified();
      case KERNEL:
        return kernel();
      case RESOLVER:
        return resolver();
      case SELF:
        return self();
      default:
        throw new AssertionError(special);
    }
  }

  /**
   * Connections nobody could attribute: no flags and default action block. Without a process
   * nothing speaks for the connection, so it is refused unless a rule permits it.
   */
  public static Profile unidentified() {
    return Profile.builder("builtin/unidentified", "Unidentified process")
        .description("Connections whose process could not be identified.")
        .special(Special.UNIDENTIFIED)
        .defaultAction(DefaultAction.BLOCK)
        .keywords(List.of())
        .build();
  }

  /**
   * The kernel: traffic without a process (ICMP errors, resets, WireGuard and NFS in the kernel).
   * Outgoing is permitted with System, Internet, LocalNet and DirectConnect (kernel traffic never
   * follows a DNS lookup); incoming needs Service and is limited to ICMPv6 (neighbour discovery,
   * router advertisements, without which IPv6 breaks) and ICMP from the LAN.
   */
  public static Profile kernel() {
    String id = "builtin/kernel";
    return Profile.builder(id, "Kernel")
        .description("Network traffic the kernel itself sends or receives.")
        .special(Special.KERNEL)
        .flags(Flag.SYSTEM, Flag.INTERNET, Flag.LOCAL_NET, Flag.DIRECT_CONNECT, Flag.SERVICE)
        .incoming(EndpointList.parse("+ * ICMPv6\n+ LAN ICMP\n- *", id))
        .defaultAction(DefaultAction.PERMIT)
        .keywords(List.of())
        .build();
  }

  /**
   * The system resolver (systemd-resolved): System, Internet and LocalNet, connecting only to DNS
   * ports (DNS, DoT, mDNS, LLMNR).
   */
  public static Profile resolver() {
    return Profile.builder("builtin/resolver", "System resolver")
        .description("The host's own DNS resolver (systemd-resolved).")
        .special(Special.RESOLVER)
        .paths(RESOLVER_PATHS)
        .flags(Flag.SYSTEM, Flag.INTERNET, Flag.LOCAL_NET)
        .connectPorts(new PortSet(List.of(PortRange.of(NamedPort.DNS.port()),
            PortRange.of(NamedPort.DOT.port()), PortRange.of(NamedPort.MDNS.port()),
            PortRange.of(NamedPort.LLMNR.port()))))
        .keywords(List.of())
        .build();
  }

  /**
   * Netreeve itself: it resolves DNS upstream (by address, hence DirectConnect), downloads intel
   * and serves its local API (Service). Blocking it would cut the host's DNS, so it permits.
   */
  public static Profile self() {
    return Profile.builder("builtin/self", "Netreeve")
        .description("The Netreeve daemon itself.")
        .special(Special.SELF)
        .flags(Flag.SYSTEM, Flag.INTERNET, Flag.LOCAL_NET, Flag.SERVICE, Flag.DIRECT_CONNECT)
        .defaultAction(DefaultAction.PERMIT)
        .keywords(List.of())
        .build();
  }

  /**
   * Identified processes that no profile matches: no flags and no default action, so the global
   * policy decides. A default profile for "/" replaces it.
   */
  public static Profile unprofiled() {
    return Profile.builder("builtin/unprofiled", "Application without a profile")
        .description("Identified processes that no profile matches.")
        .keywords(List.of())
        .build();
  }
}
