package org.netreeve.engine.policy;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.netreeve.intel.Intel;
import org.netreeve.intel.filterlists.FilterMatch;
import org.netreeve.intel.filterlists.Selection;
import org.netreeve.intel.geo.GeoInfo;

/**
 * The intel module as the engine's {@link IntelSource}: every filter list a name or address is on
 * (the engine applies the profile's or level's selection itself), and country, continent and AS.
 * The generation changes whenever the intel snapshot is replaced (reload, signed update), so the
 * decision cache never serves a verdict made on old lists.
 */
public final class IntelAdapter implements IntelSource {

  private final Intel intel;
  private final AtomicReference<Intel.Snapshot> seen = new AtomicReference<>();
  private final AtomicLong generation = new AtomicLong();

  public IntelAdapter(Intel intel) {
    this.intel = intel;
  }

  public Intel intel() {
    return intel;
  }

  @Override
  public IntelLookup lookup(String domain, List<String> cnames, InetAddress ip) {
    Intel.Facts f = intel.lookup(domain, cnames, ip, Selection.ALL);
    if (f == Intel.Facts.NONE) {
      return IntelLookup.NONE;
    }
    Map<String, ListHit> lists = new LinkedHashMap<>();
    for (FilterMatch m : f.lists().blocked()) {
      lists.putIfAbsent(m.listId(), new ListHit(m.category(), m.name()));
    }
    GeoInfo g = f.geo();
    return new IntelLookup(lists, g.country(), g.continent(), (int) g.asn(), g.asOrganization());
  }

  @Override
  public long generation() {
    Intel.Snapshot now = intel.snapshot();
    Intel.Snapshot before = seen.get();
    if (now != before && seen.compareAndSet(before, now)) {
      generation.incrementAndGet();
    }
    return generation.get();
  }
}
