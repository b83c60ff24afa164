package org.netreeve.engine.flow;

import java.net.InetAddress;
import java.util.List;

/**
 * Where the domain behind a remote address comes from: the nameserver's memory of what it
 * answered to the programs of a profile. Implementations are thread-safe and fast.
 */
@FunctionalInterface
public interface DomainLookup {

  /** The name {@code remote} was resolved from for {@code profileId}, or null. */
  Name recall(String profileId, InetAddress remote);

  /**
   * A remembered name.
   *
   * @param domain the name that was asked
   * @param cnames the CNAME chain of the answer, in order
   */
  record Name(String domain, List<String> cnames) {
    public Name {
      cnames = cnames == null ? List.of() : List.copyOf(cnames);
    }
  }

  /** Nothing is remembered (no nameserver, dry runs). */
  DomainLookup NONE = (profileId, remote) -> null;
}
