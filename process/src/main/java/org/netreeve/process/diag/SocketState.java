package org.netreeve.process.diag;

/**
 * The kernel's socket states as inet_diag reports them (include/net/tcp_states.h). UDP sockets
 * use two of them: {@link #ESTABLISHED} when connected, {@link #CLOSE} when not.
 */
public enum SocketState {
  UNKNOWN(0),
  ESTABLISHED(1),
  SYN_SENT(2),
  SYN_RECV(3),
  FIN_WAIT1(4),
  FIN_WAIT2(5),
  TIME_WAIT(6),
  CLOSE(7),
  CLOSE_WAIT(8),
  LAST_ACK(9),
  LISTEN(10),
  CLOSING(11),
  NEW_SYN_RECV(12);

  private static final SocketState[] BY_CODE = new SocketState[13];

  static {
    for (SocketState state : values()) {
      BY_CODE[state.code] = state;
    }
  }

  private final int code;

  SocketState(int code) {
    this.code = code;
  }

  /** The kernel's number for this state. */
  public int code() {
    return code;
  }

  /** The state for a kernel number; {@link #UNKNOWN} for numbers this enum does not know. */
  public static SocketState ofCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
  }

  /** The bit for this state in inet_diag_req_v2.idiag_states. */
  public int mask() {
    return 1 << code;
  }
}
