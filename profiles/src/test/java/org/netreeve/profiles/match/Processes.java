package org.netreeve.profiles.match;

import java.util.Arrays;
import java.util.List;
import org.netreeve.process.ProcessInfo;

/** Builds process descriptions for tests in one place, so changes to ProcessInfo touch one file. */
final class Processes {

  private Processes() {}

  /** A process with a command line split on spaces, uid 1000, and the given ancestors (nearest first). */
  static ProcessInfo process(int pid, String exe, String cmdline, ProcessInfo... parents) {
    List<String> args = cmdline.isEmpty() ? List.of() : Arrays.asList(cmdline.split(" "));
    int ppid = parents.length > 0 ? parents[0].pid() : 1;
    return new ProcessInfo(pid, ppid, 100 + pid, exe, cmdline, args, 1000, "alice", List.of(parents), "", "");
  }

  /** A process whose command line is just its executable. */
  static ProcessInfo process(int pid, String exe) {
    return process(pid, exe, exe);
  }
}
