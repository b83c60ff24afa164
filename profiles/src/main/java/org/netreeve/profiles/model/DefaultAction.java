package org.netreeve.profiles.model;

/** What a profile does with a connection nothing else decided. */
public enum DefaultAction {
  PERMIT("permit"),
  /** Refuse visibly: TCP reset or ICMP unreachable. */
  BLOCK("block"),
  /** Refuse silently. */
  DROP("drop");

  private final String yamlName;

  DefaultAction(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  /** The action with this name, case-insensitively, or null. */
  public static DefaultAction fromYaml(String name) {
    for (DefaultAction a : values()) {
      if (a.yamlName.equalsIgnoreCase(name)) {
        return a;
      }
    }
    return null;
  }
}
