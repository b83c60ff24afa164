package org.netreeve.daemon.api;

import org.netreeve.daemon.history.HistoryException;
import org.netreeve.daemon.history.HistoryStore;

/** The connection history for {@code /api/history}. */
public interface HistoryAccess {
  /** Whether history is configured on. */
  boolean enabled();

  /**
   * The history database.
   *
   * @throws HistoryException when history is on but its database could not be opened
   */
  HistoryStore store() throws HistoryException;
}
