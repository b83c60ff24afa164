package org.netreeve.intel.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.IspResponse;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opened, verified MaxMind database in one role (country or ASN). Thread-safe: the reader is
 * immutable after opening; the only mutable state is a failure counter.
 */
final class GeoDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(GeoDatabase.class);

    /** What a database is used for. */
    enum Role {
        COUNTRY("a GeoIP2/GeoLite2 Country, City or Enterprise database"),
        ASN("a GeoLite2 ASN or GeoIP2 ISP database");

        final String expected;

        Role(String expected) {
            this.expected = expected;
        }
    }

    private enum Kind { COUNTRY, CITY, ENTERPRISE, ASN, ISP }

    /** Addresses looked up once after opening, to exercise the reader on the checked file. */
    private static final String[] PROBES = {"1.1.1.1", "8.8.8.8", "81.2.69.160", "2.125.160.216", "::1", "2001:db8::1",
        "2a02:d500::1"};

    private final Path file;
    private final Role role;
    private final Kind kind;
    private final DatabaseReader reader;
    private final boolean ipv4Only;
    private final AtomicLong failures = new AtomicLong();

    private GeoDatabase(Path file, Role role, Kind kind, DatabaseReader reader, boolean ipv4Only) {
        this.file = file;
        this.role = role;
        this.kind = kind;
        this.reader = reader;
        this.ipv4Only = ipv4Only;
    }

    Path file() {
        return file;
    }

    String type() {
        return reader.getMetadata().getDatabaseType();
    }

    /**
     * Verifies and opens a database within {@code timeout}. Every problem (unreadable, corrupt,
     * wrong type, too slow) is a {@link GeoDatabaseException} that names the file.
     */
    static GeoDatabase open(Path file, Role role, Duration timeout) throws GeoDatabaseException {
        if (!Files.isRegularFile(file)) {
            throw new GeoDatabaseException("GeoIP database " + file + " is not a regular file");
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "geoip-open");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<GeoDatabase> opening = worker.submit(() -> openNow(file, role));
            return opening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new GeoDatabaseException("GeoIP database " + file + " could not be checked within " + timeout.toSeconds()
                    + " s; treating it as corrupt");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeoDatabaseException("interrupted while opening GeoIP database " + file, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GeoDatabaseException g) {
                throw g;
            }
            throw new GeoDatabaseException("GeoIP database " + file + " is corrupt: " + cause, cause);
        } finally {
            worker.shutdownNow();
        }
    }

    private static GeoDatabase openNow(Path file, Role role) throws GeoDatabaseException {
        MmdbVerifier.Layout layout;
        try {
            layout = MmdbVerifier.verify(file);
        } catch (MmdbVerifier.Corrupt e) {
            throw new GeoDatabaseException("GeoIP database " + file + " is corrupt: " + e.getMessage());
        } catch (IOException e) {
            throw new GeoDatabaseException("GeoIP database " + file + " cannot be read: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            throw new GeoDatabaseException("GeoIP database " + file + " is corrupt: data nested too deeply");
        }
        Kind kind = kindOf(layout.databaseType(), role);
        if (kind == null) {
            throw new GeoDatabaseException("GeoIP database " + file + " has type '" + layout.databaseType()
                    + "'; expected " + role.expected);
        }
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(file.toFile()).withCache(new CHMCache()).build();
        } catch (IOException | RuntimeException e) {
            throw new GeoDatabaseException("GeoIP database " + file + " is corrupt: " + e.getMessage(), e);
        }
        GeoDatabase db = new GeoDatabase(file, role, kind, reader, layout.ipVersion() == 4);
        for (String probe : PROBES) {
            try {
                db.query(InetAddress.getByName(probe), new Builder());
            } catch (Exception | StackOverflowError e) {
                throw new GeoDatabaseException("GeoIP database " + file + " is corrupt: looking up " + probe + " failed: "
                        + e, e);
            }
        }
        return db;
    }

    private static Kind kindOf(String type, Role role) {
        String t = type.toLowerCase(Locale.ROOT);
        if (role == Role.COUNTRY) {
            if (t.contains("enterprise")) {
                return Kind.ENTERPRISE;
            }
            if (t.contains("city")) {
                return Kind.CITY;
            }
            return t.contains("country") ? Kind.COUNTRY : null;
        }
        if (t.contains("asn")) {
            return Kind.ASN;
        }
        return t.contains("isp") ? Kind.ISP : null;
    }

    /** Adds what this database knows about {@code address} to {@code into}; failures leave it unchanged. */
    void lookup(InetAddress address, Builder into) {
        if (ipv4Only && address instanceof Inet6Address) {
            return;
        }
        try {
            query(address, into);
        } catch (Exception | StackOverflowError e) {
            long n = failures.incrementAndGet();
            if (n == 1 || Long.bitCount(n) == 1) {
                LOG.warn("GeoIP database {}: lookup of {} failed ({} failure(s) so far): {}", file,
                        address.getHostAddress(), n, e.toString());
            }
        }
    }

    private void query(InetAddress address, Builder into) throws Exception {
        switch (kind) {
            case COUNTRY -> country(reader.tryCountry(address), into);
            case CITY -> country(reader.tryCity(address), into);
            case ENTERPRISE -> country(reader.tryEnterprise(address), into);
            case ASN -> {
                Optional<AsnResponse> r = reader.tryAsn(address);
                if (r.isPresent()) {
                    into.asn(r.get().getAutonomousSystemNumber(), r.get().getAutonomousSystemOrganization());
                }
            }
            case ISP -> {
                Optional<IspResponse> r = reader.tryIsp(address);
                if (r.isPresent()) {
                    into.asn(r.get().getAutonomousSystemNumber(), r.get().getAutonomousSystemOrganization());
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static void country(Optional<? extends AbstractCountryResponse> response, Builder into) {
        if (response.isPresent()) {
            AbstractCountryResponse r = response.get();
            into.country(r.getCountry() == null ? null : r.getCountry().getIsoCode(),
                    r.getContinent() == null ? null : r.getContinent().getCode());
        }
    }

    void close() {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing GeoIP database {}: {}", file, e.toString());
        }
    }

    /** Collects the parts of a {@link GeoInfo}; one per lookup, confined to its thread. */
    static final class Builder {
        private String country;
        private String continent;
        private long asn;
        private String organization;

        void country(String iso, String continentCode) {
            this.country = iso;
            this.continent = continentCode;
        }

        void asn(Long number, String org) {
            this.asn = number == null ? 0 : number;
            this.organization = org;
        }

        GeoInfo build() {
            if (country == null && continent == null && asn == 0 && organization == null) {
                return GeoInfo.UNKNOWN;
            }
            return new GeoInfo(country, continent, asn, organization);
        }
    }
}
