package org.netreeve.intel.endpoints;

import org.netreeve.net.IpProtocol;

import java.util.Objects;

/**
 * One precompiled endpoint rule with where it came from, so that an audit record can quote it.
 *
 * <p>Immutable and thread-safe. The results it returns are allocated once, with the rule.
 */
public final class EndpointRule {

  /** {@link #protocol()} of a rule that matches any protocol. */
  public static final int ANY_PROTOCOL = 0;

  private final EndpointAction action;
  private final boolean negated;
  private final EndpointEntity entity;
  private final int protocol;
  private final PortRange ports;
  private final boolean localPort;
  private final String text;
  private final String file;
  private final int line;
  private final int index;
  private final EndpointResult matched;
  private final EndpointResult undetermined;

  /**
   * @param action    permit or deny
   * @param negated   whether the entity is negated ({@code !entity})
   * @param entity    what the rule is about
   * @param protocol  IP protocol number, or {@link #ANY_PROTOCOL}
   * @param ports     the port range, or null for any port
   * @param localPort whether {@code ports} applies to the local port ({@code TCP/local:22}) instead of
   *                  the remote one
   * @param text      the rule as written, without a trailing comment
   * @param file      the file the rule was read from, or null
   * @param line      the 1-based line in that file, or 0
   * @param index     the 0-based position of the rule in its list
   */
  public EndpointRule(EndpointAction action, boolean negated, EndpointEntity entity, int protocol,
      PortRange ports, boolean localPort, String text, String file, int line, int index) {
    this.action = Objects.requireNonNull(action, "action");
    this.negated = negated;
    this.entity = Objects.requireNonNull(entity, "entity");
    if (protocol < 0 || protocol > 255) {
      throw new IllegalArgumentException("protocol " + protocol);
    }
    this.protocol = protocol;
    this.ports = ports;
    this.localPort = localPort && ports != null;
    this.text = Objects.requireNonNull(text, "text");
    this.file = file;
    this.line = line;
    this.index = index;
    this.matched = new EndpointResult(
        action == EndpointAction.PERMIT ? EndpointDecision.PERMIT : EndpointDecision.DENY, this);
    this.undetermined = new EndpointResult(EndpointDecision.UNDETERMINED, this);
  }

  /**
   * Matches one target; null when the rule does not apply. The address is passed pre-split (see
   * {@link EndpointEntity#test}).
   */
  EndpointResult match(EndpointTarget t, int ipVersion, long ipHigh, long ipLow) {
    boolean unknown = false;
    int proto = t.protocol();
    if (protocol != ANY_PROTOCOL) {
      if (proto == 0) {
        unknown = true;
      } else if (proto != protocol) {
        return null;
      }
    }
    if (ports != null) {
      if (proto != 0 && !IpProtocol.hasPorts(proto)) {
        return null;
      }
      int port = localPort ? t.localPort() : t.remotePort();
      if (port == 0) {
        unknown = true;
      } else if (!ports.contains(port)) {
        return null;
      }
    }
    EndpointEntity.Fit fit = entity.test(t, ipVersion, ipHigh, ipLow);
    if (negated) {
      fit = fit.negate();
    }
    if (fit != EndpointEntity.Fit.MATCH) {
      return null;
    }
    return unknown ? undetermined : matched;
  }

  /** Matches this rule alone against a target. */
  public EndpointResult match(EndpointTarget target) {
    return EndpointList.matchRules(new EndpointRule[] {this}, true, target);
  }

  public EndpointAction action() {
    return action;
  }

  public boolean negated() {
    return negated;
  }

  public EndpointEntity entity() {
    return entity;
  }

  /** The IP protocol number, or {@link #ANY_PROTOCOL}. */
  public int protocol() {
    return protocol;
  }

  /** The port range, or null for any port. */
  public PortRange ports() {
    return ports;
  }

  /** Whether {@link #ports()} is matched against the local port. */
  public boolean localPort() {
    return localPort;
  }

  /** The rule as written, without a trailing comment. */
  public String text() {
    return text;
  }

  /** The file the rule came from, or null. */
  public String file() {
    return file;
  }

  /** The 1-based line in {@link #file()}, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 0-based position of the rule in its list. */
  public int index() {
    return index;
  }

  /** "file:line" when known, else "rule #n" (1-based), for messages and audit reasons. */
  public String location() {
    if (file != null && line > 0) {
      return file + ":" + line;
    }
    if (file != null) {
      return file + " rule #" + (index + 1);
    }
    return "rule #" + (index + 1);
  }

  @Override
  public String toString() {
    return location() + ": " + text;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EndpointRule)) {
      return false;
    }
    EndpointRule r = (EndpointRule) o;
    return action == r.action && negated == r.negated && entity.equals(r.entity)
        && protocol == r.protocol && Objects.equals(ports, r.ports) && localPort == r.localPort
        && text.equals(r.text) && Objects.equals(file, r.file) && line == r.line
        && index == r.index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, negated, entity, protocol, ports, localPort, text, file, line, index);
  }
}
