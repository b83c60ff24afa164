package org.netreeve.process.diag;

/**
 * A sock_diag request failed for a reason other than "no such socket": the netlink socket could
 * not be opened, the kernel refused the request, or no answer came in time.
 */
public class DiagException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int errno;

  public DiagException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The errno behind the failure, or 0 when there was none (a malformed answer). */
  public int errno() {
    return errno;
  }
}
