package org.netreeve.engine.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netreeve.intel.Intel;
import org.netreeve.intel.IntelConfig;
import org.netreeve.intel.update.KeyFiles;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Where intel comes from: filter-list indexes, GeoIP and ASN databases, and the directory of
 * signed intel bundles with the key that must have signed them. Read from the {@code intel:}
 * section of netreeve.yaml, or from a file of its own (scenario files name one); relative paths
 * are relative to that file.
 *
 * <pre>
 * intel:
 *   filter-lists: [debian-ublock, /etc/netreeve/lists/index.yaml]
 *   country-db: /var/lib/GeoIP/GeoLite2-Country.mmdb
 *   asn-db: /var/lib/GeoIP/GeoLite2-ASN.mmdb
 *   bundles: /var/lib/netreeve/intel        # signed updates installed with `netreeve intel install`
 *   update-key: /etc/netreeve/intel.pub
 * </pre>
 *
 * @param filterLists filter-list index files, or "debian-ublock"
 * @param countryDb   a MaxMind country or city database, or null
 * @param asnDb       a MaxMind ASN database, or null
 * @param bundles     the directory signed bundles are installed into, or null
 * @param updateKey   the public key bundles must be signed with, or null
 */
public record IntelSettings(List<String> filterLists, Path countryDb, Path asnDb, Path bundles, Path updateKey) {

  public static final Set<String> KEYS = Set.of("filter-lists", "country-db", "asn-db", "bundles", "update-key");

  public IntelSettings {
    filterLists = List.copyOf(filterLists);
  }

  public static final IntelSettings NONE = new IntelSettings(List.of(), null, null, null, null);

  public boolean isEmpty() {
    return filterLists.isEmpty() && countryDb == null && asnDb == null && bundles == null;
  }

  /**
   * Reads the keys of {@code map} (a mapping in a file at {@code base}); errors go to the tree.
   * With {@code bundles}, relative list and database paths name files inside the installed bundle;
   * without, they are relative to the file.
   */
  public static IntelSettings read(YamlTree y, MappingNode map, Path base) {
    Map<String, Node> k = y.keys(map, KEYS, " under intel");
    Path bundles = path(y, k.get("bundles"), base);
    Path within = bundles == null ? base : null;
    List<String> lists = new ArrayList<>();
    if (k.containsKey("filter-lists")) {
      for (String s : y.strings(k.get("filter-lists"), "filter-list index files (or debian-ublock)")) {
        lists.add(s.equals("debian-ublock") || within == null || Path.of(s).isAbsolute() ? s
            : within.resolve(s).normalize().toString());
      }
    }
    IntelSettings s = new IntelSettings(lists, path(y, k.get("country-db"), within),
        path(y, k.get("asn-db"), within), bundles, path(y, k.get("update-key"), base));
    if ((s.bundles() == null) != (s.updateKey() == null)) {
      y.error(map, "intel: bundles and update-key go together (signed bundles need the key that signs them)");
    }
    return s;
  }

  /** Reads a file that holds only intel settings. */
  public static IntelSettings readFile(Path file, List<PolicyError> errors) {
    try {
      YamlTree y = new YamlTree(file.toString(), errors);
      MappingNode root = y.root(Files.readString(file));
      return root == null ? NONE : read(y, root, file.toAbsolutePath().getParent());
    } catch (IOException e) {
      errors.add(new PolicyError(file.toString(), 0, 0, "cannot read: " + e.getMessage()));
      return NONE;
    }
  }

  /** Loads the intel these settings describe. */
  public Intel load(Clock clock) throws Intel.LoadException {
    if (isEmpty()) {
      return Intel.empty();
    }
    IntelConfig.Builder b = IntelConfig.builder().filterListIndexes(filterLists);
    if (countryDb != null) {
      b.countryDatabase(countryDb);
    }
    if (asnDb != null) {
      b.asnDatabase(asnDb);
    }
    if (bundles != null) {
      try {
        b.intelDir(bundles, KeyFiles.readPublic(updateKey));
      } catch (IOException | IllegalArgumentException e) {
        throw new Intel.LoadException("cannot read the intel update key " + updateKey + ": " + e.getMessage(), e);
      }
    }
    return Intel.load(b.build(), clock);
  }

  private static Path path(YamlTree y, Node n, Path base) {
    if (n == null) {
      return null;
    }
    String s = y.scalar(n, "a path");
    if (s == null) {
      return null;
    }
    Path p = Path.of(s.trim());
    return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
  }
}
