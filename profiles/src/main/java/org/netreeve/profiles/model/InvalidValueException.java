package org.netreeve.profiles.model;

/**
 * A profile value that cannot be used, with the 0-based offset of the offending character inside
 * the value, so that a loader can turn it into a file:line:column error.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public InvalidValueException(int offset, String message) {
    super(message);
    this.offset = offset;
  }

  /** 0-based offset within the value. */
  public int offset() {
    return offset;
  }
}
