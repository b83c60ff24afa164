package org.netreeve.engine.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Where the engine gets intel about a remote end: filter lists, country, AS. The daemon plugs in
 * the intel module; dry runs without intel use {@link #NONE}.
 */
public interface IntelSource {

  /**
   * What intel knows about a domain (with its CNAME chain) and address; either may be null.
   * Must be fast and thread-safe: it is called for every decision that misses the cache.
   */
  IntelLookup lookup(String domain, List<String> cnames, InetAddress ip);

  /** Changes whenever the intel data is replaced, so cached decisions based on old data are not served. */
  long generation();

  /** No intel at all. */
  IntelSource NONE = new IntelSource() {
    @Override
    public IntelLookup lookup(String domain, List<String> cnames, InetAddress ip) {
      return IntelLookup.NONE;
    }

    @Override
    public long generation() {
      return 0;
    }
  };

  /**
   * The answer of an intel lookup.
   *
   * @param lists          list id → the hit (its category and the name that matched)
   * @param country        ISO country code, or null
   * @param continent      continent code, or null
   * @param asn            AS number, 0 when unknown
   * @param asOrganisation AS organisation, or null
   */
  record IntelLookup(Map<String, ListHit> lists, String country, String continent, int asn, String asOrganisation) {
    public static final IntelLookup NONE = new IntelLookup(Map.of(), null, null, 0, null);

    public IntelLookup {
      lists = Map.copyOf(lists);
    }
  }

  /**
   * A filter list the remote end is on.
   *
   * @param category the list's category (ads, trackers, malware, ...)
   * @param name     the name (domain, CNAME or IP) that matched
   */
  record ListHit(String category, String name) {}
}
