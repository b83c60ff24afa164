package org.netreeve.process.proc;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.netreeve.process.ProcessInfo;

/**
 * Builds a {@link ProcessInfo} for a pid from /proc: exe, command line, effective uid and user,
 * parent chain, start time, cgroup and container.
 *
 * <p>Every call reads /proc/PID/stat to learn the start time (so a reused pid is never mistaken
 * for the process that had it before) and the current parent (which changes when the parent
 * dies). The rest comes from the {@link ProcessCache} when it has the (pid, start time); the
 * assembled chain of ancestors is reused while the parent is unchanged and the chain is younger
 * than {@code chainMaxAge}.
 *
 * <p>Thread-safe: the cache is the only shared state, and counters are LongAdders.
 */
public final class ProcessReader {

  private final ProcFs procFs;
  private final UserNames users;
  private final ProcessCache cache;
  private final Clock clock;
  private final int maxDepth;
  private final long chainMaxAgeMillis;
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();

  /**
   * @param maxDepth    the most ancestors kept in a chain (pid 1 ends it earlier)
   * @param chainMaxAge how long an assembled ancestor chain is reused without re-reading each
   *                    ancestor's stat
   */
  public ProcessReader(ProcFs procFs, UserNames users, ProcessCache cache, Clock clock,
      int maxDepth, Duration chainMaxAge) {
    this.procFs = Objects.requireNonNull(procFs, "procFs");
    this.users = Objects.requireNonNull(users, "users");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth " + maxDepth + " is negative");
    }
    this.maxDepth = maxDepth;
    this.chainMaxAgeMillis = chainMaxAge.toMillis();
  }

  /**
   * The process with its ancestors, reading what the cache lacks.
   *
   * @return the process, or null when it no longer exists or cannot be read
   */
  public ProcessInfo read(int pid) {
    return read(pid, false);
  }

  /**
   * The process with its ancestors when the cache has them; null otherwise. Never reads a
   * command line, so it cannot block on a stuck process.
   *
   * <p>Within {@code chainMaxAge} of the last full check, a cached process is confirmed with one
   * readlink of /proc/PID/exe (an exec into another program changes it) instead of reading the
   * stat files of the process and its ancestors: the resolver calls this after confirming that
   * the pid still holds the socket, which a reused pid would not. A parent that changed within
   * that time shows up after it.
   */
  public ProcessInfo readCached(int pid) {
    ProcessCache.Entry latest = cache.latest(pid);
    if (latest != null && latest.withParents() != null
        && clock.millis() - latest.assembledAtMillis() < chainMaxAgeMillis
        && !latest.process().exe().isEmpty()) {
      String exe = exeOrNull(pid);
      if (latest.process().exe().equals(exe)) {
        cacheHits.increment();
        return latest.withParents();
      }
    }
    return read(pid, true);
  }

  private String exeOrNull(int pid) {
    try {
      return procFs.exe(pid);
    } catch (IOException e) {
      return null;
    }
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  public long cacheMisses() {
    return cacheMisses.sum();
  }

  private ProcessInfo read(int pid, boolean cachedOnly) {
    if (pid <= 0) {
      return null;
    }
    ProcStat stat = stat(pid);
    if (stat == null) {
      return null;
    }
    ProcessKey key = new ProcessKey(pid, stat.startTime());
    ProcessCache.Entry entry = cache.get(key, stat.comm());
    long now = clock.millis();
    if (entry != null && entry.withParents() != null
        && entry.withParents().ppid() == stat.ppid()
        && now - entry.assembledAtMillis() < chainMaxAgeMillis) {
      cacheHits.increment();
      return entry.withParents();
    }
    ProcessInfo self = entry != null ? entry.process() : null;
    if (self == null) {
      cacheMisses.increment();
      if (cachedOnly) {
        return null;
      }
      self = readProcess(pid, stat);
      if (self == null) {
        return null;
      }
    } else {
      cacheHits.increment();
    }
    List<ProcessInfo> parents = new ArrayList<>();
    int parentPid = stat.ppid();
    while (parentPid > 0 && parents.size() < maxDepth) {
      ProcessInfo parent = node(parentPid, cachedOnly);
      if (parent == null) {
        if (cachedOnly) {
          return null;
        }
        break; // the parent exited meanwhile: keep the chain we have
      }
      parents.add(parent);
      parentPid = parent.ppid();
    }
    ProcessInfo whole = new ProcessInfo(pid, stat.ppid(), stat.startTime(), self.exe(),
        self.cmdline(), self.args(), self.uid(), self.user(), parents, self.cgroup(),
        self.container());
    cache.put(key, new ProcessCache.Entry(withPpid(self, stat.ppid()), stat.comm(), whole, now));
    return whole;
  }

  /** One ancestor, without its own parents, with its current ppid. */
  private ProcessInfo node(int pid, boolean cachedOnly) {
    ProcStat stat = stat(pid);
    if (stat == null) {
      return null;
    }
    ProcessKey key = new ProcessKey(pid, stat.startTime());
    ProcessCache.Entry entry = cache.get(key, stat.comm());
    if (entry != null) {
      cacheHits.increment();
      ProcessInfo process = entry.process();
      if (process.ppid() != stat.ppid()) {
        process = withPpid(process, stat.ppid());
        cache.put(key, new ProcessCache.Entry(process, stat.comm(), null, 0));
      }
      return process;
    }
    cacheMisses.increment();
    if (cachedOnly) {
      return null;
    }
    ProcessInfo process = readProcess(pid, stat);
    if (process != null) {
      cache.put(key, new ProcessCache.Entry(process, stat.comm(), null, 0));
    }
    return process;
  }

  private ProcStat stat(int pid) {
    try {
      return procFs.stat(pid);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private ProcessInfo readProcess(int pid, ProcStat stat) {
    try {
      String exe = procFs.exe(pid);
      List<String> args = procFs.cmdline(pid);
      int uid = procFs.effectiveUid(pid);
      Cgroup cgroup = cgroupOrNone(pid);
      String container = Container.detect(cgroup.paths()).map(Container::toString).orElse("");
      return new ProcessInfo(pid, stat.ppid(), stat.startTime(), exe, String.join(" ", args),
          args, uid, users.name(uid), List.of(), cgroup.path(), container);
    } catch (IOException | IllegalArgumentException e) {
      return null; // exited while we read it, or not readable by us
    }
  }

  private Cgroup cgroupOrNone(int pid) {
    try {
      return procFs.cgroup(pid);
    } catch (IOException e) {
      return Cgroup.NONE; // a kernel without cgroups, or a process gone: not worth failing for
    }
  }

  private static ProcessInfo withPpid(ProcessInfo p, int ppid) {
    if (p.ppid() == ppid) {
      return p;
    }
    return new ProcessInfo(p.pid(), ppid, p.startTime(), p.exe(), p.cmdline(), p.args(), p.uid(),
        p.user(), p.parents(), p.cgroup(), p.container());
  }
}
