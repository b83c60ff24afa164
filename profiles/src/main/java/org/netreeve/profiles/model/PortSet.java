package org.netreeve.profiles.model;

import java.util.List;
import org.netreeve.intel.endpoints.PortRange;

/**
 * A whitelist of ports (connect-ports, listen-ports). An empty set means "not restricted".
 *
 * @param ranges the allowed ports and ranges
 */
public record PortSet(List<PortRange> ranges) {

  /** No restriction. */
  public static final PortSet UNRESTRICTED = new PortSet(List.of());

  public PortSet {
    ranges = List.copyOf(ranges);
  }

  /** Whether a whitelist is in force. */
  public boolean isRestricted() {
    return !ranges.isEmpty();
  }

  /** Whether the port is allowed: always when unrestricted, else when a range contains it. */
  public boolean allows(int port) {
    if (ranges.isEmpty()) {
      return true;
    }
    for (int i = 0, n = ranges.size(); i < n; i++) {
      if (ranges.get(i).contains(port)) {
        return true;
      }
    }
    return false;
  }
}
