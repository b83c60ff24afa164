package org.netreeve.process.proc;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The fields of /proc/PID/stat that identify a process and its parent.
 *
 * @param pid       process id (field 1)
 * @param comm      the command name (field 2, without the parentheses; at most 15 bytes, may
 *                  contain spaces, parentheses and any other byte but NUL)
 * @param state     the state letter (field 3): R, S, D, Z, T, ...
 * @param ppid      parent process id (field 4); 0 for pid 1 and kernel threads' parent
 * @param startTime start time in clock ticks after boot (field 22)
 */
public record ProcStat(int pid, String comm, char state, int ppid, long startTime) {

  public ProcStat {
    Objects.requireNonNull(comm, "comm");
  }

  /**
   * Parses the content of /proc/PID/stat.
   *
   * <p>comm is enclosed in the first '(' and the LAST ')' of the line: a process may name
   * itself {@code a) S 1 (b} and only the last parenthesis is the kernel's.
   *
   * @param source the file the bytes came from, named in errors
   * @throws IllegalArgumentException naming {@code source} when the content is not a stat line
   */
  public static ProcStat parse(String source, byte[] content) {
    int open = indexOf(content, (byte) '(');
    int close = lastIndexOf(content, (byte) ')');
    if (open <= 1 || close < open || content[open - 1] != ' ') {
      throw new IllegalArgumentException(source + ": no \"(comm)\" in the stat line");
    }
    int pid = (int) parseNumber(source, "pid", content, 0, open - 1);
    String comm = new String(content, open + 1, close - open - 1, StandardCharsets.UTF_8);
    // After ") " come the fields 3.. separated by single spaces.
    int position = close + 1;
    char state = 0;
    int ppid = 0;
    long startTime = -1;
    for (int field = 3; field <= 22; field++) {
      if (position >= content.length || content[position] != ' ') {
        throw new IllegalArgumentException(source + ": the stat line ends before field " + field);
      }
      int start = position + 1;
      int end = start;
      while (end < content.length && content[end] != ' ' && content[end] != '\n') {
        end++;
      }
      if (end == start) {
        throw new IllegalArgumentException(source + ": field " + field + " is empty");
      }
      if (field == 3) {
        state = (char) (content[start] & 0xFF);
      } else if (field == 4) {
        ppid = (int) parseNumber(source, "ppid (field 4)", content, start, end);
      } else if (field == 22) {
        startTime = parseNumber(source, "starttime (field 22)", content, start, end);
      }
      position = end;
    }
    return new ProcStat(pid, comm, state, ppid, startTime);
  }

  private static long parseNumber(String source, String what, byte[] b, int start, int end) {
    if (start >= end) {
      throw new IllegalArgumentException(source + ": " + what + " is empty");
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
        throw new IllegalArgumentException(source + ": " + what + " is not a number: \""
            + new String(b, start, end - start, StandardCharsets.UTF_8) + "\"");
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int indexOf(byte[] b, byte wanted) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, byte wanted) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
