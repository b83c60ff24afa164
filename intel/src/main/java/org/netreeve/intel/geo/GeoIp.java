package org.netreeve.intel.geo;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country, continent and ASN of addresses, from up to two MaxMind databases (a Country/City one
 * and an ASN one). Immutable after opening and safe to share; the cache is the only mutable part
 * (see {@link #lookup}).
 *
 * <p>A database that is not configured or does not exist disables its part with one warning (the
 * endpoint entities {@code DE}, {@code C:EU} or {@code AS15169} then never match); a database
 * that exists but is corrupt or of the wrong type is an error, because silently running without
 * geo rules the operator asked for would be worse.
 */
public final class GeoIp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeoIp.class);

    /** Default time allowed to verify and open one database. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of cached addresses. */
    public static final int DEFAULT_CACHE_SIZE = 4096;

    private final GeoDatabase country;
    private final GeoDatabase asn;
    private final List<String> warnings;
    /**
     * Direct-mapped cache: slot = hash of the address; a slot holds one immutable entry and is
     * overwritten by whichever thread looked up last. Races only cost a repeated lookup.
     */
    private final AtomicReferenceArray<Entry> cache;
    private final int cacheMask;

    private GeoIp(GeoDatabase country, GeoDatabase asn, List<String> warnings, int cacheSize) {
        this.country = country;
        this.asn = asn;
        this.warnings = List.copyOf(warnings);
        int size = Integer.highestOneBit(Math.max(1, cacheSize - 1)) << 1;
        this.cache = new AtomicReferenceArray<>(size);
        this.cacheMask = size - 1;
    }

    /** No databases: every lookup answers {@link GeoInfo#UNKNOWN}. */
    public static GeoIp disabled() {
        return new GeoIp(null, null, List.of(), 1);
    }

    /** Opens the databases with the default time limit and cache size; either path may be null. */
    public static GeoIp open(Path countryDatabase, Path asnDatabase) throws GeoDatabaseException {
        return open(countryDatabase, asnDatabase, DEFAULT_OPEN_TIMEOUT, DEFAULT_CACHE_SIZE);
    }

    /**
     * Opens and verifies the databases. Missing ones (null or no such file) are left out with one
     * logged warning naming what stops working.
     *
     * @throws GeoDatabaseException when a database exists but is corrupt, of the wrong type,
     *                              unreadable, or takes longer than {@code timeout} to check
     */
    public static GeoIp open(Path countryDatabase, Path asnDatabase, Duration timeout, int cacheSize)
            throws GeoDatabaseException {
        List<String> missing = new ArrayList<>();
        GeoDatabase countryDb = null;
        GeoDatabase asnDb = null;
        if (countryDatabase == null || !Files.exists(countryDatabase)) {
            missing.add(countryDatabase == null ? "no country database is configured"
                    : "country database " + countryDatabase + " does not exist");
        } else {
            countryDb = GeoDatabase.open(countryDatabase, GeoDatabase.Role.COUNTRY, timeout);
        }
        if (asnDatabase == null || !Files.exists(asnDatabase)) {
            missing.add(asnDatabase == null ? "no ASN database is configured" : "ASN database " + asnDatabase
                    + " does not exist");
        } else {
            try {
                asnDb = GeoDatabase.open(asnDatabase, GeoDatabase.Role.ASN, timeout);
            } catch (GeoDatabaseException e) {
                if (countryDb != null) {
                    countryDb.close();
                }
                throw e;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!missing.isEmpty()) {
            String what = (countryDb == null ? "country and continent rules (like DE, C:EU)" : "")
                    + (countryDb == null && asnDb == null ? " and " : "")
                    + (asnDb == null ? "ASN rules (like AS15169)" : "");
            String warning = "GeoIP: " + String.join("; ", missing) + ": " + what + " will not match";
            warnings.add(warning);
            LOG.warn("{}", warning);
        }
        return new GeoIp(countryDb, asnDb, warnings, cacheSize);
    }

    public boolean countryAvailable() {
        return country != null;
    }

    public boolean asnAvailable() {
        return asn != null;
    }

    /** The warnings logged when opening (at most one). */
    public List<String> warnings() {
        return warnings;
    }

    /** Database types in use, for status output ({@code GeoLite2-Country}, ...). */
    public List<String> databaseTypes() {
        List<String> types = new ArrayList<>();
        if (country != null) {
            types.add(country.type() + " (" + country.file() + ")");
        }
        if (asn != null) {
            types.add(asn.type() + " (" + asn.file() + ")");
        }
        return types;
    }

    /** What the databases know about {@code address}; never throws, answers from the cache when it can. */
    public GeoInfo lookup(InetAddress address) {
        if (address == null || (country == null && asn == null)) {
            return GeoInfo.UNKNOWN;
        }
        byte[] a = address.getAddress();
        long hi = 0;
        long lo;
        if (a.length == 4) {
            lo = 0xFFFF_0000_0000L | ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL);
        } else {
            lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (a[i] & 0xFFL);
                lo = (lo << 8) | (a[i + 8] & 0xFFL);
            }
        }
        long mix = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL);
        int slot = (int) (mix ^ (mix >>> 31)) & cacheMask;
        Entry e = cache.get(slot);
        if (e != null && e.hi == hi && e.lo == lo && e.ipv6 == (a.length == 16)) {
            return e.info;
        }
        GeoDatabase.Builder builder = new GeoDatabase.Builder();
        if (country != null) {
            country.lookup(address, builder);
        }
        if (asn != null) {
            asn.lookup(address, builder);
        }
        GeoInfo info = builder.build();
        cache.set(slot, new Entry(hi, lo, a.length == 16, info));
        return info;
    }

    @Override
    public void close() {
        if (country != null) {
            country.close();
        }
        if (asn != null) {
            asn.close();
        }
    }

    private record Entry(long hi, long lo, boolean ipv6, GeoInfo info) {
    }
}
