package org.netreeve.daemon.api;

import java.util.Map;

/** The daemon's state for {@code GET /api/status}: a JSON object of counters and settings. */
@FunctionalInterface
public interface StatusSource {
  Map<String, Object> status();
}
