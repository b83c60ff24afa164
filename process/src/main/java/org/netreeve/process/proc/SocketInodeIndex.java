package org.netreeve.process.proc;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Which process holds a socket inode: a cache learned from scans of /proc/PID/fd, and scans
 * ordered so the owner is usually found long before every process was looked at.
 *
 * <p>A scan visits, until it finds the inode or the deadline passes:
 *
 * <ol>
 *   <li>the processes that owned sockets most recently (a browser or a resolver opens many);
 *   <li>the processes whose effective uid is the socket's uid, newest pid first;
 *   <li>every other process, newest pid first: the full scan, which should be rare.
 * </ol>
 *
 * <p>Every socket seen on the way is remembered, so the next lookup for another socket of the
 * same process (an unconnected UDP socket sending to a new address, a listener accepting
 * again) costs one readlink to confirm. An inode that a complete scan did not find is
 * remembered as unknown for a short time, so a flood of packets from such a socket (owned in
 * another pid namespace, say) does not cause a flood of full scans.
 *
 * <p>Thread rules: the caches are guarded by this object's monitor and no I/O happens under
 * it; scans run unlocked and in parallel, each with its own deadline.
 */
public final class SocketInodeIndex {

  /** The outcome of {@link #find}. */
  public record Result(int pid, boolean timedOut, int processesScanned, boolean fullScan) {

    public boolean found() {
      return pid > 0;
    }
  }

  private record Owner(int pid, int fd) {}

  private final ProcFs procFs;
  private final int capacity;
  private final int recentCapacity;
  private final Clock clock;
  private final long unknownMillis;
  private final LongSupplier nanoTime;

  // Guarded by this.
  private final LinkedHashMap<Long, Owner> owners;
  private final LinkedHashMap<Integer, Boolean> recentPids;
  /** For recent owners, the descriptor their last socket had: a new one often gets it again. */
  private final java.util.HashMap<Integer, Integer> lastFd = new java.util.HashMap<>();
  private final LinkedHashMap<Long, Long> unknownUntil;

  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheStale = new LongAdder();
  private final LongAdder scans = new LongAdder();
  private final LongAdder fullScans = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder processesScanned = new LongAdder();
  private final LongAdder notFound = new LongAdder();

  /**
   * @param capacity       the most inode → pid entries kept
   * @param recentCapacity how many recent socket owners are scanned first
   * @param unknownFor     how long an inode that a full scan missed is not scanned for again
   * @param nanoTime       the time source for deadlines (System::nanoTime)
   */
  public SocketInodeIndex(ProcFs procFs, int capacity, int recentCapacity, Duration unknownFor,
      Clock clock, LongSupplier nanoTime) {
    this.procFs = Objects.requireNonNull(procFs, "procFs");
    if (capacity < 1 || recentCapacity < 0) {
      throw new IllegalArgumentException("capacity " + capacity + " and recentCapacity "
          + recentCapacity + " must be at least 1 and 0");
    }
    this.capacity = capacity;
    this.recentCapacity = recentCapacity;
    this.unknownMillis = unknownFor.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.owners = new LinkedHashMap<>(1024, 0.75f, true);
    this.recentPids = new LinkedHashMap<>(64, 0.75f, true);
    this.unknownUntil = new LinkedHashMap<>(64, 0.75f, false);
  }

  /**
   * The pid holding {@code inode} according to the cache, confirmed with one readlink of the
   * remembered descriptor; -1 when the cache does not know it or is out of date.
   */
  public int cachedOwner(long inode) {
    Owner owner;
    synchronized (this) {
      owner = owners.get(inode);
    }
    if (owner == null) {
      return -1;
    }
    if (procFs.sockets().holdsSocket(owner.pid(), owner.fd(), inode)) {
      cacheHits.increment();
      touchRecent(owner.pid());
      synchronized (this) {
        lastFd.put(owner.pid(), owner.fd());
      }
      return owner.pid();
    }
    cacheStale.increment();
    synchronized (this) {
      owners.remove(inode, owner);
    }
    return -1;
  }

  /**
   * Looks for {@code inode} among the {@code maxPids} processes that most recently owned
   * sockets, and nowhere else: cheap enough for the caller's thread (reading a process's fd links
   * does not wait on its memory), and it finds the new socket of a busy program at once.
   *
   * @return the owner, or a result that is not {@link Result#found()}
   */
  public Result findRecent(long inode, int maxPids, long deadlineNanos) {
    int cached = cachedOwner(inode);
    if (cached > 0) {
      return new Result(cached, false, 0, false);
    }
    int[] recent = recentPidsSnapshot();
    for (int i = 0; i < recent.length && i < maxPids; i++) {
      // One readlink: the descriptor the owner's last socket had, or the next one.
      Integer fd;
      synchronized (this) {
        fd = lastFd.get(recent[i]);
      }
      if (fd != null) {
        for (int candidate = fd; candidate <= fd + 1; candidate++) {
          if (procFs.sockets().holdsSocket(recent[i], candidate, inode)) {
            cacheHits.increment();
            synchronized (this) {
              owners.put(inode, new Owner(recent[i], candidate));
              lastFd.put(recent[i], candidate);
            }
            return new Result(recent[i], false, 0, false);
          }
        }
      }
    }
    Scan scan = new Scan(inode, deadlineNanos);
    for (int i = 0; i < recent.length && i < maxPids; i++) {
      if (scan.visit(recent[i])) {
        return scan.result(false);
      }
      if (scan.timedOut) {
        break;
      }
    }
    return new Result(-1, scan.timedOut, scan.visited.size(), false);
  }

  /**
   * Finds the pid holding {@code inode}: the cache first, then a scan.
   *
   * @param uid            the socket's uid (from sock_diag), or -1 when unknown
   * @param deadlineNanos  when to give up, on the {@code nanoTime} clock
   */
  public Result find(long inode, int uid, long deadlineNanos) {
    int cached = cachedOwner(inode);
    if (cached > 0) {
      return new Result(cached, false, 0, false);
    }
    synchronized (this) {
      Long until = unknownUntil.get(inode);
      if (until != null) {
        if (clock.millis() < until) {
          notFound.increment();
          return new Result(-1, false, 0, false);
        }
        unknownUntil.remove(inode);
      }
    }
    scans.increment();
    Scan scan = new Scan(inode, deadlineNanos);
    for (int pid : recentPidsSnapshot()) {
      if (scan.visit(pid)) {
        return scan.result(false);
      }
      if (scan.timedOut) {
        return scan.result(false);
      }
    }
    int[] pids = procFs.sockets().pids();
    if (uid >= 0) {
      for (int pid : pids) {
        if (!scan.seen(pid) && procFs.sockets().ownerUid(pid) == uid && scan.visit(pid)) {
          return scan.result(false);
        }
        if (scan.timedOut) {
          return scan.result(false);
        }
      }
    }
    fullScans.increment();
    for (int pid : pids) {
      if (!scan.seen(pid) && scan.visit(pid)) {
        return scan.result(true);
      }
      if (scan.timedOut) {
        return scan.result(true);
      }
    }
    notFound.increment();
    synchronized (this) {
      unknownUntil.put(inode, clock.millis() + unknownMillis);
      if (unknownUntil.size() > capacity) {
        Iterator<Long> eldest = unknownUntil.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    return scan.result(true);
  }

  /** Forgets everything learned. */
  public synchronized void clear() {
    owners.clear();
    recentPids.clear();
    unknownUntil.clear();
  }

  public synchronized int size() {
    return owners.size();
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  public long cacheStale() {
    return cacheStale.sum();
  }

  public long scans() {
    return scans.sum();
  }

  public long fullScans() {
    return fullScans.sum();
  }

  public long timeouts() {
    return timeouts.sum();
  }

  public long processesScanned() {
    return processesScanned.sum();
  }

  public long notFound() {
    return notFound.sum();
  }

  private synchronized int[] recentPidsSnapshot() {
    int[] pids = new int[recentPids.size()];
    int i = pids.length;
    // Most recently used last in access order: walk so the freshest comes first.
    for (Integer pid : recentPids.keySet()) {
      pids[--i] = pid;
    }
    return pids;
  }

  private synchronized void touchRecent(int pid) {
    if (recentCapacity == 0) {
      return;
    }
    recentPids.put(pid, Boolean.TRUE);
    if (recentPids.size() > recentCapacity) {
      Iterator<Integer> eldest = recentPids.keySet().iterator();
      lastFd.remove(eldest.next());
      eldest.remove();
    }
  }

  private synchronized void learn(long[] inodes, int[] fds, int count, int pid) {
    for (int i = 0; i < count; i++) {
      owners.put(inodes[i], new Owner(pid, fds[i]));
    }
    Iterator<Long> eldest = owners.keySet().iterator();
    for (int excess = owners.size() - capacity; excess > 0; excess--) {
      eldest.next();
      eldest.remove();
    }
  }

  /** One scan: remembers which pids it visited and whether its time ran out. */
  private final class Scan {
    private final long inode;
    private final long deadline;
    private final Set<Integer> visited = new HashSet<>();
    private long[] inodes = new long[64];
    private int[] fds = new int[64];
    private int found = -1;
    private int foundFd = -1;
    private int count;
    private boolean holds;
    private boolean timedOut;

    Scan(long inode, long deadline) {
      this.inode = inode;
      this.deadline = deadline;
    }

    boolean seen(int pid) {
      return visited.contains(pid);
    }

    /** Scans one process; true when it holds the inode. */
    boolean visit(int pid) {
      if (nanoTime.getAsLong() - deadline >= 0) {
        timedOut = true;
        return false;
      }
      if (!visited.add(pid)) {
        return false;
      }
      processesScanned.increment();
      count = 0;
      holds = false;
      procFs.sockets().visitSockets(pid, this::record);
      if (count > 0) {
        learn(inodes, fds, count, pid);
      }
      if (holds) {
        found = pid;
        touchRecent(pid);
        synchronized (SocketInodeIndex.this) {
          lastFd.put(pid, foundFd);
        }
        return true;
      }
      return false;
    }

    private boolean record(int fd, long socket) {
      if (count == inodes.length) {
        inodes = Arrays.copyOf(inodes, count * 2);
        fds = Arrays.copyOf(fds, count * 2);
      }
      inodes[count] = socket;
      fds[count] = fd;
      count++;
      if (socket == inode) {
        holds = true;
        foundFd = fd;
      }
      // A process with a huge descriptor table must not run far past the deadline.
      return (count & 255) != 0 || nanoTime.getAsLong() - deadline < 0;
    }

    Result result(boolean full) {
      if (timedOut && found < 0) {
        timeouts.increment();
      }
      return new Result(found, timedOut && found < 0, visited.size(), full);
    }
  }
}
