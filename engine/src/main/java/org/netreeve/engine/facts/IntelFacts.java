package org.netreeve.engine.facts;

import java.util.Set;

/**
 * What intel knows about the remote end: filter lists, country, continent, autonomous system.
 *
 * @param lists          ids of every filter list the domain, a name of its CNAME chain, or the IP is on
 * @param categories     the categories of those lists (ads, trackers, malware, ...)
 * @param blockingLists  the lists among {@code lists} that are selected for this profile and level
 * @param listedName     the name (domain, CNAME or IP) that matched a blocking list, or null
 * @param country        ISO country code, or null when unknown
 * @param continent      continent code (EU, NA, ...), or null
 * @param asn            autonomous system number, 0 when unknown
 * @param asOrganisation the AS's organisation, or null
 */
public record IntelFacts(
    Set<String> lists,
    Set<String> categories,
    Set<String> blockingLists,
    String listedName,
    String country,
    String continent,
    int asn,
    String asOrganisation) {

  public static final IntelFacts NONE = new IntelFacts(Set.of(), Set.of(), Set.of(), null, null, null, 0, null);

  public IntelFacts {
    lists = Set.copyOf(lists);
    categories = Set.copyOf(categories);
    blockingLists = Set.copyOf(blockingLists);
  }

  public boolean onList(String id) {
    return lists.contains(id);
  }

  public boolean inCategory(String category) {
    return categories.contains(category);
  }

  public boolean blocked() {
    return !blockingLists.isEmpty();
  }
}
