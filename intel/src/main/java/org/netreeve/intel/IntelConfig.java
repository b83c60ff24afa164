package org.netreeve.intel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.netreeve.intel.geo.GeoIp;
import org.netreeve.intel.update.VerifyKey;

/**
 * What intel to load. Immutable; build with {@link #builder()}.
 *
 * @param filterListIndexes index files (YAML/JSON) or built-in index names such as
 *                          {@code debian-ublock}; relative paths resolve against the installed
 *                          bundle when {@code intelDir} is set
 * @param intelDir          install target of signed bundles (its {@code current} link), or null
 * @param trustedKey        when set (with {@code intelDir}), the installed bundle is verified against
 *                          it at every load and refused if it does not verify
 * @param countryDatabase   MaxMind Country/City database, or null
 * @param asnDatabase       MaxMind ASN database, or null
 * @param defaultSelection  the global list selection (ids and categories); {@code *} selects all
 * @param geoOpenTimeout    time allowed to check and open one database
 * @param geoCacheSize      addresses kept in the GeoIP cache
 */
public record IntelConfig(List<String> filterListIndexes, Path intelDir, VerifyKey trustedKey, Path countryDatabase,
                          Path asnDatabase, Set<String> defaultSelection, Duration geoOpenTimeout, int geoCacheSize) {

    public IntelConfig {
        filterListIndexes = List.copyOf(filterListIndexes);
        defaultSelection = Set.copyOf(defaultSelection);
        Objects.requireNonNull(geoOpenTimeout, "geoOpenTimeout");
        if (geoCacheSize < 1) {
            throw new IllegalArgumentException("geoCacheSize must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; defaults: no lists, no databases, all lists selected. */
    public static final class Builder {
        private List<String> indexes = List.of();
        private Path intelDir;
        private VerifyKey trustedKey;
        private Path country;
        private Path asn;
        private Set<String> selection = Set.of("*");
        private Duration timeout = GeoIp.DEFAULT_OPEN_TIMEOUT;
        private int cacheSize = GeoIp.DEFAULT_CACHE_SIZE;

        public Builder filterListIndexes(List<String> indexes) {
            this.indexes = indexes;
            return this;
        }

        public Builder filterListIndexes(String... indexes) {
            return filterListIndexes(List.of(indexes));
        }

        public Builder intelDir(Path dir, VerifyKey trustedKey) {
            this.intelDir = dir;
            this.trustedKey = trustedKey;
            return this;
        }

        public Builder countryDatabase(Path path) {
            this.country = path;
            return this;
        }

        public Builder asnDatabase(Path path) {
            this.asn = path;
            return this;
        }

        public Builder defaultSelection(Set<String> idsAndCategories) {
            this.selection = idsAndCategories;
            return this;
        }

        public Builder geoOpenTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder geoCacheSize(int size) {
            this.cacheSize = size;
            return this;
        }

        public IntelConfig build() {
            return new IntelConfig(indexes, intelDir, trustedKey, country, asn, selection, timeout, cacheSize);
        }
    }
}
