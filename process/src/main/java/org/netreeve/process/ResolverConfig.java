package org.netreeve.process;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and cache sizes of a {@link ProcessResolver}.
 *
 * @param budget          the longest one attribution may take, scans included; after it the
 *                        caller gets what is known so far (usually the socket's uid)
 * @param diagTimeout     the longest the kernel may take to answer one sock_diag lookup
 * @param workers         threads that scan /proc and read new processes (the slow path)
 * @param workQueue       slow-path requests that may wait for a worker; beyond that a request
 *                        is answered at once with what is known
 * @param inodeCacheSize  socket inodes remembered with their pid
 * @param recentOwners    recent socket owners scanned first
 * @param unknownInodeTtl how long an inode that a full scan missed is not scanned for again
 * @param processCacheSize processes remembered by (pid, start time)
 * @param processIdle     how long an unused process entry is kept
 * @param chainMaxAge     how long an assembled parent chain is reused as it is
 * @param maxParentDepth  the most ancestors in a chain
 * @param passwdRecheck   how often /etc/passwd is checked for changes
 */
public record ResolverConfig(
    Duration budget,
    Duration diagTimeout,
    int workers,
    int workQueue,
    int inodeCacheSize,
    int recentOwners,
    Duration unknownInodeTtl,
    int processCacheSize,
    Duration processIdle,
    Duration chainMaxAge,
    int maxParentDepth,
    Duration passwdRecheck) {

  public ResolverConfig {
    requirePositive("budget", budget);
    requirePositive("diagTimeout", diagTimeout);
    Objects.requireNonNull(unknownInodeTtl, "unknownInodeTtl");
    requirePositive("processIdle", processIdle);
    Objects.requireNonNull(chainMaxAge, "chainMaxAge");
    Objects.requireNonNull(passwdRecheck, "passwdRecheck");
    if (workers < 1 || workQueue < 1 || inodeCacheSize < 1 || recentOwners < 0
        || processCacheSize < 1 || maxParentDepth < 0) {
      throw new IllegalArgumentException("workers, workQueue, inodeCacheSize, processCacheSize "
          + "must be at least 1 and recentOwners, maxParentDepth at least 0: " + workers + ", "
          + workQueue + ", " + inodeCacheSize + ", " + processCacheSize + ", " + recentOwners
          + ", " + maxParentDepth);
    }
  }

  /** Values for a desktop or server: 100 ms budget, 2 workers, a few MB of caches. */
  public static ResolverConfig defaults() {
    return new ResolverConfig(Duration.ofMillis(100), Duration.ofMillis(100), 2, 256, 32_768, 64,
        Duration.ofSeconds(2), 4096, Duration.ofMinutes(10), Duration.ofSeconds(2), 32,
        Duration.ofSeconds(5));
  }

  /** The same configuration with another budget per attribution. */
  public ResolverConfig withBudget(Duration value) {
    return new ResolverConfig(value, diagTimeout, workers, workQueue, inodeCacheSize,
        recentOwners, unknownInodeTtl, processCacheSize, processIdle, chainMaxAge,
        maxParentDepth, passwdRecheck);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " " + value + " must be positive");
    }
  }
}
