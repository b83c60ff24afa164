package org.netreeve.process;

import org.netreeve.net.IpProtocol;
import org.netreeve.net.Direction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.netreeve.process.Attribution.Outcome;
import org.netreeve.process.diag.DiagException;
import org.netreeve.process.diag.InetDiag;
import org.netreeve.process.diag.InetDiagCodec;
import org.netreeve.process.diag.NetlinkInetDiag;
import org.netreeve.process.diag.SocketEntry;
import org.netreeve.process.diag.SocketLocator;
import org.netreeve.process.diag.SocketState;
import org.netreeve.process.proc.ProcFs;
import org.netreeve.process.proc.ProcessCache;
import org.netreeve.process.proc.ProcessReader;
import org.netreeve.process.proc.SocketInodeIndex;
import org.netreeve.process.proc.UserNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the process behind a connection: sock_diag from the 5-tuple to the socket's inode and
 * uid, the inode cache or a targeted /proc scan from the inode to the pid, and /proc/PID (through
 * the process cache) to the {@link ProcessInfo}. For an outbound connection whose peer does not
 * match any socket (a datagram rerouted by DNAT to the local nameserver), the one socket on the
 * local address and port is taken ({@link SocketLocator#locateByLocalPort}).
 *
 * <p>It never throws and never blocks longer than the configured budget. What a caller gets:
 *
 * <ul>
 *   <li>the process ({@link Outcome#PROCESS});
 *   <li>{@link ProcessInfo#KERNEL} when no process is involved: protocols without sockets (ICMP
 *       and others) and TCP/UDP packets without a socket (kernel-generated resets and ICMP
 *       errors, inbound packets to closed ports, time-wait and kernel-owned sockets), unless the
 *       packet carried a uid, which proves a process sent it;
 *   <li>a uid-only ProcessInfo ({@link ProcessInfo#ofUid}) when the socket or packet named a
 *       user but the process could not be found within the budget;
 *   <li>{@link ProcessInfo#UNKNOWN} when the socket lookup itself failed.
 * </ul>
 *
 * <p>Threads: any thread may call every method. The fast path (sock_diag, the inode cache, the
 * process cache) runs on the caller's thread and costs a few microseconds. The slow path (scans
 * and reading a new process) runs on a small pool of worker threads, because reading a
 * process's command line can block in the kernel for as long as that process holds its memory
 * lock; the caller waits for it at most until the budget ends, and a stuck worker costs
 * capacity, never a hung caller.
 */
public final class ProcessResolver implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessResolver.class);
  private static final long WARN_INTERVAL_MILLIS = 10_000;
  private static final String FOUND = "socket owner";
  /** How many of the most recent socket owners are searched on the caller's thread. */
  private static final int RECENT_INLINE = 2;
  /** The longest that inline search may take. */
  private static final long INLINE_SCAN_NANOS = 2_000_000;

  private final InetDiag diag;
  private final AutoCloseable diagResource;
  private final SocketLocator locator;
  private final ProcFs procFs;
  private final UserNames users;
  private final SocketInodeIndex inodes;
  private final ProcessCache processCache;
  private final ProcessReader reader;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final long budgetNanos;
  private final ThreadPoolExecutor workers;

  private final LongAdder lookups = new LongAdder();
  private final LongAdder processes = new LongAdder();
  private final LongAdder uidOnly = new LongAdder();
  private final LongAdder kernel = new LongAdder();
  private final LongAdder unknown = new LongAdder();
  private final LongAdder diagFailures = new LongAdder();
  private final LongAdder budgetExceeded = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder byPidLookups = new LongAdder();
  private final LongAdder internalErrors = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
  private final AtomicLong nextDiagWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong nextErrorWarning = new AtomicLong(Long.MIN_VALUE);

  /**
   * A resolver for this machine: sock_diag in the caller's network namespace, /proc and
   * /etc/passwd. Close it to release the netlink socket and the worker threads.
   *
   * @throws DiagException when the sock_diag socket cannot be opened
   */
  public static ProcessResolver open(ResolverConfig config, Clock clock) throws DiagException {
    ProcFs procFs = ProcFs.system();
    // Binds the native /proc calls now: a broken native setup fails here, at startup, and not
    // as an Error out of the first attribution.
    procFs.sockets().ownerUid(1);
    NetlinkInetDiag diag = NetlinkInetDiag.open(config.diagTimeout());
    ProcessResolver resolver = new ProcessResolver(diag, diag, procFs,
        new UserNames(Path.of("/etc/passwd"), clock, config.passwdRecheck()), config, clock,
        System::nanoTime);
    resolver.warmUp();
    return resolver;
  }

  /**
   * Runs every stage once (a socket lookup, a scan of this process, reading it and its parents)
   * so the first real connection does not pay for class loading and interpretation: in a cold
   * JVM that alone can exceed the budget. Counters are not touched, except the process cache's.
   */
  private void warmUp() {
    int self = (int) ProcessHandle.current().pid();
    try {
      locator.locate(InetDiagCodec.IPPROTO_TCP, new byte[] {127, 0, 0, 1}, 1,
          new byte[] {127, 0, 0, 1}, 1, 0);
    } catch (DiagException | RuntimeException e) {
      LOG.debug("warm-up socket lookup failed", e);
    }
    new SocketInodeIndex(procFs, 16, 1, Duration.ZERO, clock, nanoTime)
        .find(Long.MAX_VALUE, procFs.sockets().ownerUid(self), nanoTime.getAsLong() + budgetNanos);
    reader.read(self);
  }

  /**
   * A resolver over the given parts (tests pass fakes).
   *
   * @param diagResource closed by {@link #close}, or null
   * @param nanoTime     the time source for budgets and timing (System::nanoTime)
   */
  public ProcessResolver(InetDiag diag, AutoCloseable diagResource, ProcFs procFs,
      UserNames users, ResolverConfig config, Clock clock, LongSupplier nanoTime) {
    this.diag = Objects.requireNonNull(diag, "diag");
    this.diagResource = diagResource;
    this.locator = new SocketLocator(diag);
    this.procFs = Objects.requireNonNull(procFs, "procFs");
    this.users = Objects.requireNonNull(users, "users");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.budgetNanos = config.budget().toNanos();
    this.inodes = new SocketInodeIndex(procFs, config.inodeCacheSize(), config.recentOwners(),
        config.unknownInodeTtl(), clock, nanoTime);
    this.processCache = new ProcessCache(config.processCacheSize(), config.processIdle(), clock);
    this.reader = new ProcessReader(procFs, users, processCache, clock, config.maxParentDepth(),
        config.chainMaxAge());
    this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0,
        TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(config.workQueue()), daemonThreads(),
        new ThreadPoolExecutor.AbortPolicy());
  }

  /** The process behind a connection; see {@link #attribute} for what else it may be. */
  public ProcessInfo resolve(LinkQuery query) {
    return attribute(query).process();
  }

  /**
   * Attributes a connection, waiting for the slow path at most until the budget ends.
   * Never throws.
   */
  public Attribution attribute(LinkQuery query) {
    long start = nanoTime.getAsLong();
    Step first = fastPath(query, start);
    if (first instanceof Done done) {
      return finish(done.attribution(), start);
    }
    Pending pending = (Pending) first;
    Future<Attribution> future;
    try {
      future = workers.submit(() -> slowPath(pending));
    } catch (RejectedExecutionException e) {
      rejected.increment();
      return finish(pending.fallback("every attribution worker is busy"), start);
    }
    long remaining = pending.deadline - nanoTime.getAsLong();
    try {
      return finish(future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS), start);
    } catch (TimeoutException e) {
      // A request still queued is dropped; one already running stops at the same deadline.
      future.cancel(false);
      budgetExceeded.increment();
      return finish(pending.fallback("process not found within the budget"), start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return finish(pending.fallback("interrupted"), start);
    } catch (ExecutionException e) {
      return finish(internalError(query, e.getCause()), start);
    }
  }

  /**
   * The process with this pid, for callers that know it (the CLI, a local DNS query's sender
   * found otherwise). {@link ProcessInfo#KERNEL} for pid 0; {@link ProcessInfo#UNKNOWN} when
   * there is no such process or it could not be read within the budget. Never throws.
   */
  public ProcessInfo byPid(int pid) {
    byPidLookups.increment();
    if (pid == 0) {
      return ProcessInfo.KERNEL;
    }
    if (pid < 0) {
      return ProcessInfo.UNKNOWN;
    }
    long deadline = nanoTime.getAsLong() + budgetNanos;
    try {
      ProcessInfo cached = reader.readCached(pid);
      if (cached != null) {
        return cached;
      }
      Future<ProcessInfo> future = workers.submit(() -> reader.read(pid));
      ProcessInfo read = future.get(Math.max(0, deadline - nanoTime.getAsLong()),
          TimeUnit.NANOSECONDS);
      if (read != null) {
        return read;
      }
    } catch (RejectedExecutionException e) {
      rejected.increment();
    } catch (TimeoutException e) {
      budgetExceeded.increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      internalErrors.increment();
      warn(nextErrorWarning, "reading process {} failed: {}", pid, e);
    }
    int uid = procFs.sockets().ownerUid(pid); // -1 when there is no such process
    return uid >= 0 ? ProcessInfo.ofUid(uid, users.name(uid)) : ProcessInfo.UNKNOWN;
  }

  /** The counters so far. */
  public ResolverStats stats() {
    return new ResolverStats(lookups.sum(), processes.sum(), uidOnly.sum(), kernel.sum(),
        unknown.sum(), diagFailures.sum(), inodes.cacheHits(), inodes.scans(),
        inodes.fullScans(), inodes.processesScanned(), inodes.timeouts(), budgetExceeded.sum(),
        rejected.sum(), reader.cacheHits(), reader.cacheMisses(), byPidLookups.sum(),
        internalErrors.sum(), totalNanos.sum(), maxNanos.get(), inodes.size(),
        processCache.size());
  }

  /** Forgets every cached inode and process (benchmarks use it to measure cold lookups). */
  public void clearCaches() {
    inodes.clear();
    processCache.clear();
  }

  /** Stops the workers and closes the sock_diag socket. */
  @Override
  public void close() {
    workers.shutdownNow();
    if (diagResource != null) {
      try {
        diagResource.close();
      } catch (Exception e) {
        LOG.warn("closing the sock_diag socket failed: {}", e.toString());
      }
    }
  }

  /** What the fast path leaves: a finished attribution, or a slow path to run. */
  private sealed interface Step permits Done, Pending {}

  private record Done(Attribution attribution) implements Step {}

  private Step fastPath(LinkQuery query, long start) {
    lookups.increment();
    try {
      if (!IpProtocol.hasSockets(query.protocol())) {
        return new Done(noSocket(query, IpProtocol.name(query.protocol()) + " has no sockets to look up"));
      }
      SocketLocator.Match match;
      try {
        byte[] local = query.localAddress().getAddress();
        match = locator.locate(query.protocol(), local, query.localPort(),
            query.remoteAddress().getAddress(), query.remotePort(), query.ifIndex());
        if (match == null && query.direction() == Direction.OUTBOUND) {
          // A socket of ours talks to a peer other than the one given: rerouted by DNAT.
          match = locator.locateByLocalPort(query.protocol(), local,
              query.localPort());
        }
      } catch (DiagException e) {
        diagFailures.increment();
        warn(nextDiagWarning, "socket lookup for {} failed: {}", query.describe(), e.getMessage());
        String reason = "socket lookup failed: " + e.getMessage();
        return new Done(query.kernelUid() >= 0
            ? uidOnly(query.kernelUid(), reason, 0, -1)
            : new Attribution(ProcessInfo.UNKNOWN, Outcome.UNKNOWN, reason, 0, -1, 0));
      }
      if (match == null) {
        return new Done(noSocket(query, "no socket"));
      }
      SocketEntry socket = match.socket();
      if (!socket.hasOwner()) {
        return new Done(noSocket(query, socket.state() == SocketState.TIME_WAIT
            ? "time-wait socket" : "socket without a process"));
      }
      int pid = inodes.cachedOwner(socket.inode());
      if (pid <= 0) {
        // A new socket is most often one of a program that just made others: look there first,
        // on this thread, instead of handing the search to a worker.
        SocketInodeIndex.Result recent = inodes.findRecent(socket.inode(), RECENT_INLINE,
            nanoTime.getAsLong() + INLINE_SCAN_NANOS);
        if (recent.found()) {
          pid = recent.pid();
        }
      }
      if (pid > 0) {
        ProcessInfo cached = reader.readCached(pid);
        if (cached != null) {
          return new Done(new Attribution(cached, Outcome.PROCESS, FOUND, socket.inode(),
              socket.uid(), 0));
        }
      }
      return new Pending(query, socket.inode(), socket.uid(), pid, start + budgetNanos);
    } catch (RuntimeException e) {
      return new Done(internalError(query, e));
    }
  }

  private Attribution slowPath(Pending pending) {
    int pid = pending.cachedPid;
    if (pid <= 0) {
      SocketInodeIndex.Result found = inodes.find(pending.inode, pending.socketUid,
          pending.deadline);
      if (!found.found()) {
        return pending.fallback(found.timedOut()
            ? "process not found within the budget"
            : "no process holds socket inode " + pending.inode);
      }
      pid = found.pid();
    }
    ProcessInfo process = reader.read(pid);
    if (process == null) {
      return pending.fallback("process " + pid + " exited before it could be read");
    }
    return new Attribution(process, Outcome.PROCESS, FOUND, pending.inode, pending.socketUid, 0);
  }

  /** A socket was found, its process was not yet: what the slow path needs. */
  private final class Pending implements Step {
    final LinkQuery query;
    final long inode;
    final int socketUid;
    final int cachedPid;
    final long deadline;

    Pending(LinkQuery query, long inode, int socketUid, int cachedPid, long deadline) {
      this.query = query;
      this.inode = inode;
      this.socketUid = socketUid;
      this.cachedPid = cachedPid;
      this.deadline = deadline;
    }

    Attribution fallback(String reason) {
      int uid = socketUid >= 0 ? socketUid : query.kernelUid();
      return uid >= 0
          ? uidOnly(uid, reason, inode, socketUid)
          : new Attribution(ProcessInfo.UNKNOWN, Outcome.UNKNOWN, reason, inode, socketUid, 0);
    }
  }

  /** No socket: a process sent it only if the kernel attached a uid to the packet. */
  private Attribution noSocket(LinkQuery query, String reason) {
    if (query.kernelUid() >= 0) {
      return uidOnly(query.kernelUid(), reason + ", but the packet carried a uid", 0, -1);
    }
    return new Attribution(ProcessInfo.KERNEL, Outcome.KERNEL, reason, 0, -1, 0);
  }

  private Attribution uidOnly(int uid, String reason, long inode, int socketUid) {
    return new Attribution(ProcessInfo.ofUid(uid, users.name(uid)), Outcome.UID_ONLY, reason,
        inode, socketUid, 0);
  }

  private Attribution internalError(LinkQuery query, Throwable e) {
    internalErrors.increment();
    LOG.debug("attribution of {} failed", query.describe(), e);
    warn(nextErrorWarning, "attribution of {} failed: {}", query.describe(), e);
    return query.kernelUid() >= 0
        ? uidOnly(query.kernelUid(), "internal error: " + e, 0, -1)
        : new Attribution(ProcessInfo.UNKNOWN, Outcome.UNKNOWN, "internal error: " + e, 0, -1, 0);
  }

  private Attribution finish(Attribution attribution, long start) {
    long elapsed = nanoTime.getAsLong() - start;
    totalNanos.add(elapsed);
    maxNanos.accumulate(elapsed);
    switch (attribution.outcome()) {
      case PROCESS -> processes.increment();
      case UID_ONLY -> uidOnly.increment();
      case KERNEL -> kernel.increment();
      case UNKNOWN -> unknown.increment();
      default -> throw new IllegalStateException("outcome " + attribution.outcome());
    }
    return attribution.withNanos(elapsed);
  }

  /** Logs at most one warning per interval for each kind, so a flood cannot flood the log. */
  private void warn(AtomicLong next, String format, Object a, Object b) {
    long now = clock.millis();
    long due = next.get();
    if (now >= due && next.compareAndSet(due, now + WARN_INTERVAL_MILLIS)) {
      LOG.warn(format, a, b);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "netreeve-attribution-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
