package org.netreeve.daemon.api;

/** A request the API refuses, with the HTTP status and a message that says what was wrong. */
final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  int status() {
    return status;
  }
}
