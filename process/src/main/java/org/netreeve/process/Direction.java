package org.netreeve.process;

/** Which side opened a connection. */
public enum Direction {
  /** A local process connects out (or sends the first datagram). */
  OUTBOUND,
  /** A remote host connects to this one (or sends the first datagram). */
  INBOUND
}
