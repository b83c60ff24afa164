package org.netreeve.profiles.model;

/** Profile flags: who may run the application and where it may connect. */
public enum Flag {
  /** Must be run by a system user, else deny (the rule base defines which users count). */
  SYSTEM("System"),
  /** Must be run by a user with administrator privileges, else deny. */
  ADMIN("Admin"),
  /** Must be run by a regular (human) user, else deny. */
  USER("User"),
  /** May connect to the Internet; without it every Internet connection is denied. */
  INTERNET("Internet"),
  /** May connect to the local network; without it every LAN connection is denied. */
  LOCAL_NET("LocalNet"),
  /** May only connect to domains related to the application (see keywords). */
  STRICT("Strict"),
  /** May accept incoming connections and listen. */
  SERVICE("Service"),
  /** May connect to addresses it did not resolve through DNS first (P2P). */
  DIRECT_CONNECT("DirectConnect"),
  /** Connects to user-defined servers. */
  GATEWAY("Gateway"),
  /** A web browser, whose destinations cannot be predicted. */
  BROWSER("Browser");

  private final String yamlName;

  Flag(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in profile files, e.g. "LocalNet". */
  public String yamlName() {
    return yamlName;
  }

  /** The flag with this name, case-insensitively, or null. */
  public static Flag fromYaml(String name) {
    for (Flag f : values()) {
      if (f.yamlName.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }
}
