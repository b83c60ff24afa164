package org.netreeve.profiles.model;

/**
 * The special profiles. Each exists once: defined in the profile directory or built in
 * (see {@link BuiltInProfiles}).
 */
public enum Special {
  /** Connections whose process could not be identified. */
  UNIDENTIFIED("unidentified"),
  /** Connections the kernel owns (no process: ICMP errors, resets, kernel sockets). */
  KERNEL("kernel"),
  /** The system resolver (e.g. systemd-resolved), matched by its paths. */
  RESOLVER("resolver"),
  /** Netreeve itself. */
  SELF("self");

  private final String yamlName;

  Special(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** The special with this name, case-insensitively, or null. */
  public static Special fromYaml(String name) {
    for (Special s : values()) {
      if (s.yamlName.equalsIgnoreCase(name)) {
        return s;
      }
    }
    return null;
  }
}
