package org.netreeve.daemon.run;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The daemon's configuration ({@code netreeve.yaml}, docs/daemon.md).
 *
 * @param policy         the policy directory
 * @param auditLog       the audit log file (JSON Lines)
 * @param stateDir       where the daemon keeps its state (security level, compiled rules, history)
 * @param api            the local API and web UI address (loopback)
 * @param interception   whether to install the iptables rules and bind the queues
 * @param ipv6           whether to intercept IPv6 too
 * @param dns            whether to run the nameserver
 * @param dnsSection     the {@code dns:} section as read, handed to the DNS module
 * @param intel          intel settings
 * @param history        whether connections are kept in the history database
 * @param historyRetention how long history is kept
 * @param detectNetworkChange whether a new default gateway switches to Secure
 * @param recheckInterval how often the iptables jumps are checked and links expired
 */
public record DaemonConfig(
    Path policy,
    Path auditLog,
    Path stateDir,
    InetSocketAddress api,
    boolean interception,
    boolean ipv6,
    boolean dns,
    Map<String, Object> dnsSection,
    org.netreeve.engine.policy.IntelSettings intel,
    boolean history,
    Duration historyRetention,
    boolean detectNetworkChange,
    Duration recheckInterval) {

  public DaemonConfig {
    dnsSection = dnsSection == null ? Map.of() : Map.copyOf(dnsSection);
  }

  /** The file the daemon reads by default. */
  public static final Path DEFAULT_FILE = Path.of("/etc/netreeve/netreeve.yaml");

  /** The configuration when no file says otherwise. */
  public static DaemonConfig defaults() {
    return new DaemonConfig(Path.of("/etc/netreeve/policy"), Path.of("/var/log/netreeve/audit.jsonl"),
        Path.of("/var/lib/netreeve"), new InetSocketAddress("127.0.0.1", 817), true, true, true, Map.of(),
        org.netreeve.engine.policy.IntelSettings.NONE, true, Duration.ofDays(7), true, Duration.ofSeconds(10));
  }
}
