package org.netreeve.intel;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.netreeve.intel.filterlists.FilterListIndex;
import org.netreeve.intel.filterlists.FilterListIndexException;
import org.netreeve.intel.filterlists.FilterLists;
import org.netreeve.intel.filterlists.FilterListsBuilder;
import org.netreeve.intel.filterlists.FilterResult;
import org.netreeve.intel.filterlists.ListInfo;
import org.netreeve.intel.filterlists.Selection;
import org.netreeve.intel.geo.GeoDatabaseException;
import org.netreeve.intel.geo.GeoInfo;
import org.netreeve.intel.geo.GeoIp;
import org.netreeve.intel.update.BundleException;
import org.netreeve.intel.update.IntelBundles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intel the engine asks once per connection: which filter lists match the domain, its CNAME
 * chain or the IP, and where the IP is (country, continent, ASN).
 *
 * <p>The current intel is one immutable {@link Snapshot} in an {@link AtomicReference}: lookups
 * read it without locks, and {@link #reload()} builds a complete new snapshot on the side and
 * swaps it in whole, so a lookup sees the old or the new intel, never a mix. A reload that fails
 * (bad index, corrupt database, bundle that does not verify) leaves the current snapshot in place.
 * Replaced snapshots are not closed: lookups may still be running on them, and what they hold
 * (arrays, memory-mapped databases) is released by the garbage collector.
 */
public final class Intel {

    private static final Logger LOG = LoggerFactory.getLogger(Intel.class);

    /**
     * One complete, immutable generation of intel.
     *
     * @param lists    compiled filter lists
     * @param geo      GeoIP databases
     * @param loadedAt when this snapshot was built
     * @param bundle   the installed bundle version it came from, or null
     * @param warnings problems worth showing (missing list files, missing databases, ...)
     */
    public record Snapshot(FilterLists lists, GeoIp geo, Instant loadedAt, Path bundle, List<String> warnings) {
        public Snapshot {
            Objects.requireNonNull(lists, "lists");
            Objects.requireNonNull(geo, "geo");
            Objects.requireNonNull(loadedAt, "loadedAt");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * What intel says about one connection.
     *
     * @param lists filter-list matches (blocks and the exceptions that cleared blocks)
     * @param geo   country, continent and ASN of the remote address
     */
    public record Facts(FilterResult lists, GeoInfo geo) {
        /** Nothing known. */
        public static final Facts NONE = new Facts(FilterResult.NONE, GeoInfo.UNKNOWN);
    }

    /** Intel that could not be loaded; the message names the file and the problem. */
    public static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        public LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final IntelConfig config;
    private final Clock clock;
    private final Selection defaultSelection;
    /** The current snapshot; replaced whole by reload, read lock-free by lookups. */
    private final AtomicReference<Snapshot> current;
    /** Serialises reloads; lookups never take it. */
    private final Object reloadLock = new Object();
    /** The GeoIP databases of the current snapshot and the file states they were opened from (guarded by reloadLock). */
    private GeoState geoState;

    /** True for intel fixed to one snapshot ({@link #of}): there is nothing to reload from. */
    private final boolean fixed;

    private Intel(IntelConfig config, Clock clock, Snapshot first, GeoState geoState, boolean fixed) {
        this.fixed = fixed;
        this.config = config;
        this.clock = clock;
        this.defaultSelection = config.defaultSelection().contains("*") ? Selection.ALL : Selection.of(config.defaultSelection());
        this.current = new AtomicReference<>(first);
        this.geoState = geoState;
    }

    /** Loads intel as configured. */
    public static Intel load(IntelConfig config, Clock clock) throws LoadException {
        Built built = build(config, clock, null);
        Intel intel = new Intel(config, clock, built.snapshot(), built.geo(), false);
        intel.warnAboutSelection(built.snapshot());
        return intel;
    }

    /** Intel fixed to one snapshot (tests, and the offline {@code decide}/{@code test} commands). */
    public static Intel of(Snapshot snapshot, Collection<String> defaultSelection) {
        IntelConfig config = IntelConfig.builder().defaultSelection(java.util.Set.copyOf(defaultSelection)).build();
        return new Intel(config, Clock.systemUTC(), snapshot, null, true);
    }

    /** No lists, no databases: every lookup answers {@link Facts#NONE}. */
    public static Intel empty() {
        return of(new Snapshot(FilterLists.empty(), GeoIp.disabled(), Instant.EPOCH, null, List.of()), List.of("*"));
    }

    /** The current snapshot. */
    public Snapshot snapshot() {
        return current.get();
    }

    /** The globally configured selection. */
    public Selection defaultSelection() {
        return defaultSelection;
    }

    /**
     * Builds new intel from the configuration and swaps it in. On failure the current intel stays
     * and the exception says why. Reloads are serialised; lookups continue meanwhile.
     */
    public Snapshot reload() throws LoadException {
        if (fixed) {
            throw new IllegalStateException("this intel is fixed to one snapshot and has no configuration to reload");
        }
        synchronized (reloadLock) {
            Built built = build(config, clock, geoState);
            current.set(built.snapshot());
            geoState = built.geo();
            warnAboutSelection(built.snapshot());
            LOG.info("intel reloaded: {} list(s), {} domains, {} IPs{}", built.snapshot().lists().lists().size(),
                    built.snapshot().lists().domainCount(), built.snapshot().lists().ipCount(),
                    built.snapshot().bundle() == null ? "" : " from " + built.snapshot().bundle());
            return built.snapshot();
        }
    }

    /** {@link #reload()} on {@code executor}; the future fails with the {@link LoadException}. */
    public CompletableFuture<Snapshot> reloadAsync(Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reload();
            } catch (LoadException e) {
                LOG.warn("intel reload failed, keeping the current intel: {}", e.getMessage());
                throw new CompletionException(e);
            }
        }, executor);
    }

    /**
     * Everything intel knows about a connection. {@code domain}, {@code cnameChain} and
     * {@code remote} may each be null. Allocates only the result when something matches.
     */
    public Facts lookup(String domain, List<String> cnameChain, InetAddress remote, Selection selection) {
        Snapshot s = current.get();
        FilterResult lists = s.lists().lookup(domain, cnameChain, selection);
        if (remote != null) {
            lists = lists.plus(s.lists().lookup(remote, selection));
        }
        GeoInfo geo = remote == null ? GeoInfo.UNKNOWN : s.geo().lookup(remote);
        if (lists == FilterResult.NONE && geo == GeoInfo.UNKNOWN) {
            return Facts.NONE;
        }
        return new Facts(lists, geo);
    }

    /** {@link #lookup(String, List, InetAddress, Selection)} with the global selection. */
    public Facts lookup(String domain, List<String> cnameChain, InetAddress remote) {
        return lookup(domain, cnameChain, remote, defaultSelection);
    }

    /** Country, continent and ASN of an address. */
    public GeoInfo geo(InetAddress address) {
        return current.get().geo().lookup(address);
    }

    private void warnAboutSelection(Snapshot s) {
        if (!defaultSelection.isAll()) {
            var unknown = defaultSelection.unknownNames(s.lists());
            if (!unknown.isEmpty()) {
                LOG.warn("intel: the selected list ids/categories {} match no loaded list", unknown);
            }
        }
    }

    private record GeoState(GeoIp geo, List<Object> fileStates) {
    }

    private record Built(Snapshot snapshot, GeoState geo) {
    }

    private static Built build(IntelConfig config, Clock clock, GeoState previousGeo) throws LoadException {
        List<String> warnings = new ArrayList<>();
        Path base = null;
        if (config.intelDir() != null) {
            try {
                Optional<Path> installed = IntelBundles.current(config.intelDir());
                if (installed.isPresent()) {
                    base = installed.get();
                    if (config.trustedKey() != null) {
                        IntelBundles.verify(base, config.trustedKey());
                    }
                } else {
                    warnings.add("intel: nothing installed in " + config.intelDir() + " yet");
                }
            } catch (IOException e) {
                throw new LoadException("intel: cannot read installed intel in " + config.intelDir() + ": " + e.getMessage(), e);
            } catch (BundleException e) {
                throw new LoadException("intel: installed bundle does not verify: " + e.getMessage(), e);
            }
        }
        FilterListsBuilder lists = new FilterListsBuilder();
        for (String index : config.filterListIndexes()) {
            try {
                if (FilterListIndex.DEBIAN_UBLOCK.equals(index)) {
                    lists.add(FilterListIndex.debianUblock());
                } else {
                    lists.add(FilterListIndex.load(resolve(base, Path.of(index))));
                }
            } catch (FilterListIndexException e) {
                throw new LoadException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new LoadException("intel: " + e.getMessage(), e);
            }
        }
        FilterLists built = lists.build();
        for (ListInfo info : built.lists()) {
            warnings.addAll(info.report().warnings());
        }
        Path country = config.countryDatabase() == null ? null : resolve(base, config.countryDatabase());
        Path asn = config.asnDatabase() == null ? null : resolve(base, config.asnDatabase());
        List<Object> states = List.of(fileState(country), fileState(asn));
        GeoState geo;
        if (previousGeo != null && previousGeo.fileStates().equals(states)) {
            geo = previousGeo;
        } else {
            try {
                geo = new GeoState(GeoIp.open(country, asn, config.geoOpenTimeout(), config.geoCacheSize()), states);
            } catch (GeoDatabaseException e) {
                throw new LoadException(e.getMessage(), e);
            }
        }
        warnings.addAll(geo.geo().warnings());
        return new Built(new Snapshot(built, geo.geo(), clock.instant(), base, warnings), geo);
    }

    private static Path resolve(Path base, Path p) {
        return p.isAbsolute() || base == null ? p.toAbsolutePath() : base.resolve(p);
    }

    /** What identifies a database file's content cheaply: path, size, modification time, inode. */
    private static Object fileState(Path p) {
        if (p == null) {
            return "none";
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return List.of(p.toRealPath().toString(), a.size(), a.lastModifiedTime().toMillis(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing " + p;
        }
    }
}
