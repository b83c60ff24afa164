package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProcStatTest {

  private static byte[] line(String comm, int ppid, long start) {
    return ("4242 (" + comm + ") S " + ppid + " 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
        + start + " 10000000 500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parsesPlainLine() {
    ProcStat stat = ProcStat.parse("test", line("curl", 17, 123456789L));
    assertEquals(new ProcStat(4242, "curl", 'S', 17, 123456789L), stat);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a b",            // spaces
      "a) S 1 (b",      // looks like the end of comm and the next fields
      ")",              // just a closing parenthesis
      "((",             // opening parentheses
      "x) R 99 (y) 7",  // several fake field runs
      "",               // empty
      "tab\there",      // control characters
      "new\nline",      // a newline inside comm
      "ünï çødé",       // UTF-8
      "0 0 0 0 0 0 0",  // digits and spaces only
  })
  void keepsNastyCommWholeAndReadsTheRealFields(String comm) {
    ProcStat stat = ProcStat.parse("test", line(comm, 31, 987654321L));
    assertEquals(comm, stat.comm());
    assertEquals(4242, stat.pid());
    assertEquals('S', stat.state());
    assertEquals(31, stat.ppid());
    assertEquals(987654321L, stat.startTime());
  }

  @Test
  void readsTheRunningProcessOwnStat() throws IOException {
    long pid = ProcessHandle.current().pid();
    ProcStat stat = ProcStat.parse("/proc/self/stat",
        Files.readAllBytes(Path.of("/proc/" + pid + "/stat")));
    assertEquals(pid, stat.pid());
    assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), stat.ppid());
    assertTrue(stat.startTime() > 0, "start time " + stat.startTime());
  }

  @Test
  void rejectsLineWithoutCommNamingTheSource() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcStat.parse("/proc/7/stat", "7 curl S 1 2 3".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("/proc/7/stat: "), e.getMessage());
  }

  @Test
  void rejectsTruncatedLineNamingTheMissingField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcStat.parse("/proc/7/stat", "7 (curl) S 1 2 3\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("/proc/7/stat: the stat line ends before field 7", e.getMessage());
  }

  @Test
  void rejectsNonNumericParent() {
    byte[] bad = "7 (x) S one 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n"
        .getBytes(StandardCharsets.UTF_8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcStat.parse("/proc/7/stat", bad));
    assertEquals("/proc/7/stat: ppid (field 4) is not a number: \"one\"", e.getMessage());
  }

  @Test
  void rejectsNonNumericPid() {
    assertThrows(IllegalArgumentException.class,
        () -> ProcStat.parse("s", "x7 (a) S 1".getBytes(StandardCharsets.UTF_8)));
  }
}
