package org.netreeve.daemon.history;

/**
 * The history database cannot be used (locked, corrupt, unreadable, closed). The message says which
 * file and what to do; the daemon goes on without history when it gets one.
 */
public final class HistoryException extends Exception {

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
