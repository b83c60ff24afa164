package org.netreeve.profiles.model;

/** The global security level, ordered: DYNAMIC &lt; SECURE &lt; FORTRESS. */
public enum SecurityLevel {
  /** Trusted environment; protections that may get in the way stay off. */
  DYNAMIC("Dynamic"),
  /** Untrusted network; entered automatically on an unknown network. */
  SECURE("Secure"),
  /** Everything on; cannot be weakened by configuration. */
  FORTRESS("Fortress");

  private final String yamlName;

  SecurityLevel(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in profile files. */
  public String yamlName() {
    return yamlName;
  }

  /** Whether this level is at least {@code other}. */
  public boolean atLeast(SecurityLevel other) {
    return compareTo(other) >= 0;
  }

  /** The level with this name, case-insensitively, or null. */
  public static SecurityLevel fromYaml(String name) {
    for (SecurityLevel l : values()) {
      if (l.yamlName.equalsIgnoreCase(name)) {
        return l;
      }
    }
    return null;
  }
}
