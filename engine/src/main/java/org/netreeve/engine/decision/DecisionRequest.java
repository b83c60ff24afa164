package org.netreeve.engine.decision;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.netreeve.net.Direction;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.scope.Scope;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.SecurityLevel;

/**
 * A question to the engine: this process, this connection (or DNS query), at this stage.
 *
 * @param stage           the stage to decide
 * @param process         the owning process (ProcessInfo.UNKNOWN when unidentified)
 * @param direction       outbound or inbound
 * @param protocol        IP protocol number, 0 at the DNS stages
 * @param localAddress    local address, or null
 * @param localPort       local port, 0 when none
 * @param remoteAddress   remote address, or null (before-intel)
 * @param remotePort      remote port, 0 when none
 * @param domain          the domain (query name, or the name the remote address was resolved from)
 * @param cnames          CNAME chain behind the domain
 * @param dnsResolved     the remote address came from a DNS answer Netreeve gave
 * @param resolverScope   at after-intel: the scope of the resolver that answered (INTERNET for a
 *                        public resolver, LAN for the local network's), else null
 * @param queryType       at the DNS stages: the query type, else null
 * @param packet          at stage packet: what inspection saw, else null
 * @param intel           intel given by the caller (scenarios, dry runs), or null to look it up
 * @param level           a security level for this decision only (dry runs), or null for the current one
 * @param kernel          true when no socket owns the packet (kernel-generated traffic)
 */
public record DecisionRequest(
    Stage stage,
    ProcessInfo process,
    Direction direction,
    int protocol,
    InetAddress localAddress,
    int localPort,
    InetAddress remoteAddress,
    int remotePort,
    String domain,
    List<String> cnames,
    boolean dnsResolved,
    Scope resolverScope,
    String queryType,
    PacketFacts packet,
    IntelOverride intel,
    SecurityLevel level,
    boolean kernel) {

  public DecisionRequest {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(direction, "direction");
    cnames = cnames == null ? List.of() : List.copyOf(cnames);
  }

  /** The same connection at stage packet, with what inspection saw. */
  public DecisionRequest atPacket(PacketFacts facts) {
    return new DecisionRequest(Stage.PACKET, process, direction, protocol, localAddress, localPort, remoteAddress,
        remotePort, domain, cnames, dnsResolved, resolverScope, queryType, facts, intel, level, kernel);
  }

  /** The same request at another stage. */
  public DecisionRequest atStage(Stage s) {
    return new DecisionRequest(s, process, direction, protocol, localAddress, localPort, remoteAddress,
        remotePort, domain, cnames, dnsResolved, resolverScope, queryType, packet, intel, level, kernel);
  }

  /** The same request with the domain a flow found for it (kept for re-decisions and inspection). */
  public DecisionRequest withDomain(String d, List<String> c, boolean resolved) {
    return new DecisionRequest(stage, process, direction, protocol, localAddress, localPort, remoteAddress,
        remotePort, d, c, resolved, resolverScope, queryType, packet, intel, level, kernel);
  }

  public static Builder builder(Stage stage) {
    return new Builder(stage);
  }

  /**
   * Intel stated by the caller instead of looked up: for scenario files and dry runs.
   *
   * @param lists     filter list ids the remote end is on
   * @param categories the categories of those lists (ads, trackers, malware, ...)
   * @param country   ISO country code, or null
   * @param continent continent code, or null
   * @param asn       AS number, 0 when unknown
   * @param asOrganisation AS organisation, or null
   */
  public record IntelOverride(List<String> lists, List<String> categories, String country, String continent, int asn,
      String asOrganisation) {
    public IntelOverride {
      lists = lists == null ? List.of() : List.copyOf(lists);
      categories = categories == null ? List.of() : List.copyOf(categories);
    }
  }

  /** Builds requests; only the stage is required. */
  public static final class Builder {
    private final Stage stage;
    private ProcessInfo process = ProcessInfo.UNKNOWN;
    private Direction direction = Direction.OUTBOUND;
    private int protocol;
    private InetAddress localAddress;
    private int localPort;
    private InetAddress remoteAddress;
    private int remotePort;
    private String domain;
    private List<String> cnames = List.of();
    private boolean dnsResolved;
    private Scope resolverScope;
    private String queryType;
    private PacketFacts packet;
    private IntelOverride intel;
    private SecurityLevel level;
    private boolean kernel;

    private Builder(Stage stage) {
      this.stage = stage;
    }

    public Builder process(ProcessInfo p) {
      this.process = p;
      return this;
    }

    public Builder direction(Direction d) {
      this.direction = d;
      return this;
    }

    public Builder protocol(int p) {
      this.protocol = p;
      return this;
    }

    public Builder local(InetAddress address, int port) {
      this.localAddress = address;
      this.localPort = port;
      return this;
    }

    public Builder remote(InetAddress address, int port) {
      this.remoteAddress = address;
      this.remotePort = port;
      return this;
    }

    public Builder domain(String d) {
      this.domain = d;
      return this;
    }

    public Builder cnames(List<String> c) {
      this.cnames = c;
      return this;
    }

    public Builder dnsResolved(boolean r) {
      this.dnsResolved = r;
      return this;
    }

    public Builder resolverScope(Scope s) {
      this.resolverScope = s;
      return this;
    }

    public Builder queryType(String t) {
      this.queryType = t;
      return this;
    }

    public Builder packet(PacketFacts p) {
      this.packet = p;
      return this;
    }

    public Builder intel(IntelOverride i) {
      this.intel = i;
      return this;
    }

    public Builder level(SecurityLevel l) {
      this.level = l;
      return this;
    }

    public Builder kernel(boolean k) {
      this.kernel = k;
      return this;
    }

    public DecisionRequest build() {
      return new DecisionRequest(stage, process, direction, protocol, localAddress, localPort, remoteAddress,
          remotePort, domain, cnames, dnsResolved, resolverScope, queryType, packet, intel, level, kernel);
    }
  }
}
