package org.netreeve.process.proc;

/**
 * What identifies one process over time: pids are reused, a pid with its start time is not.
 *
 * @param pid       the process id
 * @param startTime the start time in clock ticks after boot (field 22 of /proc/PID/stat)
 */
public record ProcessKey(int pid, long startTime) {}
