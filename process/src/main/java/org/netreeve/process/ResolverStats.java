package org.netreeve.process;

/**
 * Counters of a {@link ProcessResolver} since it started, for the daemon's status page. A
 * snapshot: each counter is read on its own, so the sums may disagree by an in-flight lookup.
 *
 * @param lookups            connections attributed
 * @param processes          ... of which the process was found
 * @param uidOnly            ... of which only the user was found
 * @param kernel             ... of which the kernel owns the packet
 * @param unknown            ... of which nothing was found
 * @param diagFailures       sock_diag lookups that failed (not "no such socket")
 * @param inodeCacheHits     sockets whose pid came from the inode cache
 * @param scans              scans of /proc for a socket inode
 * @param fullScans          ... that had to look at every process
 * @param processesScanned   process descriptor tables read by scans
 * @param scanTimeouts       scans that gave up at the deadline
 * @param budgetExceeded     attributions answered at the end of their budget, without process
 * @param rejected           attributions answered at once because every worker was busy
 * @param processCacheHits   processes (or ancestors) served from the process cache
 * @param processCacheMisses processes (or ancestors) read from /proc
 * @param byPidLookups       calls of {@link ProcessResolver#byPid}
 * @param internalErrors     unexpected exceptions caught (a bug; the log has them)
 * @param totalNanos         time spent in attribution, summed
 * @param maxNanos           the longest attribution
 * @param inodeCacheSize     inodes cached now
 * @param processCacheSize   processes cached now
 */
public record ResolverStats(
    long lookups,
    long processes,
    long uidOnly,
    long kernel,
    long unknown,
    long diagFailures,
    long inodeCacheHits,
    long scans,
    long fullScans,
    long processesScanned,
    long scanTimeouts,
    long budgetExceeded,
    long rejected,
    long processCacheHits,
    long processCacheMisses,
    long byPidLookups,
    long internalErrors,
    long totalNanos,
    long maxNanos,
    int inodeCacheSize,
    int processCacheSize) {

  /** Mean time per attribution in microseconds, 0 before the first. */
  public double averageMicros() {
    return lookups == 0 ? 0 : totalNanos / 1000.0 / lookups;
  }
}
