package org.netreeve.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.intel.filterlists.FilterLists;
import org.netreeve.intel.filterlists.MatchSource;
import org.netreeve.intel.filterlists.Selection;
import org.netreeve.intel.update.IntelBundles;
import org.netreeve.intel.update.SigningKey;

class IntelTest {

    private static final SigningKey KEY = SigningKey.ofRaw(new byte[32]);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Path mmdb(String name) throws Exception {
        return Path.of(IntelTest.class.getResource("/mmdb/" + name).toURI());
    }

    /** A bundle holding an index with one list of {@code domains}, and the test databases. */
    private Path bundle(String name, String created, String... domains) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("index.yaml"), """
                lists:
                  - id: MAL
                    category: malware
                    sources: [lists/mal.txt]
                  - id: ADS
                    category: ads
                    format: hosts
                    sources: [lists/ads.hosts]
                """);
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/mal.txt"), String.join("\n", domains) + "\n");
        Files.writeString(dir.resolve("lists/ads.hosts"), "0.0.0.0 ads.example\n");
        Files.createDirectories(dir.resolve("geo"));
        Files.copy(mmdb("GeoLite2-Country-Test.mmdb"), dir.resolve("geo/country.mmdb"));
        Files.copy(mmdb("GeoLite2-ASN-Test.mmdb"), dir.resolve("geo/asn.mmdb"));
        IntelBundles.sign(dir, KEY, Clock.fixed(Instant.parse(created), ZoneOffset.UTC));
        return dir;
    }

    private IntelConfig config(Path target) {
        return IntelConfig.builder()
                .intelDir(target, KEY.verifyKey())
                .filterListIndexes("index.yaml")
                .countryDatabase(Path.of("geo/country.mmdb"))
                .asnDatabase(Path.of("geo/asn.mmdb"))
                .defaultSelection(Set.of("malware"))
                .build();
    }

    @Test
    void answersListsCnamesIpAndGeoInOneLookup() throws Exception {
        Path target = tmp.resolve("intel");
        IntelBundles.install(bundle("v1", "2025-11-01T00:00:00Z", "evil.example", "1.0.0.1"), KEY.verifyKey(), target);
        Intel intel = Intel.load(config(target), CLOCK);
        assertEquals(CLOCK.instant(), intel.snapshot().loadedAt());
        assertEquals(IntelBundles.current(target).orElseThrow(), intel.snapshot().bundle());

        Intel.Facts facts = intel.lookup("cdn.shop.test", List.of("x.evil.example"), InetAddress.getByName("1.0.0.1"));
        assertEquals(Set.of("MAL"), facts.lists().listIds());
        assertEquals(List.of(MatchSource.CNAME, MatchSource.IP),
                facts.lists().blocked().stream().map(m -> m.source()).toList());
        assertEquals(15169, facts.geo().asn());
        assertEquals("Google Inc.", facts.geo().asOrganization());

        Intel.Facts uk = intel.lookup("ads.example", List.of(), InetAddress.getByName("2.125.160.217"));
        assertFalse(uk.lists().isBlocked(), "ADS is not in the global selection");
        assertEquals("GB", uk.geo().country());
        assertEquals("EU", uk.geo().continent());
        assertEquals(Set.of("ADS"), intel.lookup("ads.example", null, null, Selection.of("ADS")).lists().listIds());

        assertSame(Intel.Facts.NONE, intel.lookup("fine.test", null, InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void reloadSwapsInANewlyInstalledBundle() throws Exception {
        Path target = tmp.resolve("intel");
        IntelBundles.install(bundle("v1", "2025-11-01T00:00:00Z", "one.example"), KEY.verifyKey(), target);
        Intel intel = Intel.load(config(target), CLOCK);
        Intel.Snapshot first = intel.snapshot();
        assertTrue(intel.lookup("one.example", null, null).lists().isBlocked());

        IntelBundles.install(bundle("v2", "2025-11-02T00:00:00Z", "two.example"), KEY.verifyKey(), target);
        assertTrue(intel.lookup("one.example", null, null).lists().isBlocked(), "nothing changes before the reload");
        Intel.Snapshot second = intel.reload();
        assertSame(second, intel.snapshot());
        assertFalse(intel.lookup("one.example", null, null).lists().isBlocked());
        assertTrue(intel.lookup("two.example", null, null).lists().isBlocked());
        assertEquals("GB", intel.geo(InetAddress.getByName("2.125.160.217")).country());
        assertTrue(first.loadedAt() != null);
    }

    @Test
    void reloadKeepsUnchangedDatabasesOpen() throws Exception {
        IntelConfig config = IntelConfig.builder().countryDatabase(mmdb("GeoLite2-Country-Test.mmdb")).build();
        Intel intel = Intel.load(config, CLOCK);
        Intel.Snapshot first = intel.snapshot();
        assertEquals(1, first.warnings().size(), "one warning: no ASN database");
        assertSame(first.geo(), intel.reload().geo(), "unchanged databases are not checked and opened again");
    }

    @Test
    void aFailedReloadKeepsTheCurrentIntel() throws Exception {
        Path target = tmp.resolve("intel");
        IntelBundles.install(bundle("v1", "2025-11-01T00:00:00Z", "one.example"), KEY.verifyKey(), target);
        Intel intel = Intel.load(config(target), CLOCK);
        Intel.Snapshot before = intel.snapshot();

        // Someone edits the installed list behind the installer's back: it no longer verifies.
        Path installed = IntelBundles.current(target).orElseThrow();
        Files.writeString(installed.resolve("lists/mal.txt"), "other.example\n");
        Intel.LoadException e = assertThrows(Intel.LoadException.class, intel::reload);
        assertTrue(e.getMessage().contains("lists/mal.txt"), e.getMessage());
        assertSame(before, intel.snapshot());
        assertTrue(intel.lookup("one.example", null, null).lists().isBlocked());
    }

    @Test
    void reportsABadIndexWithFileAndLine() throws Exception {
        Path index = Files.writeString(tmp.resolve("index.yaml"), "lists:\n  - id: X\n    category: ads\n    soruces: a\n");
        IntelConfig config = IntelConfig.builder().filterListIndexes(index.toString()).build();
        Intel.LoadException e = assertThrows(Intel.LoadException.class, () -> Intel.load(config, CLOCK));
        assertTrue(e.getMessage().startsWith(index + ":4:"), e.getMessage());
    }

    @Test
    void lookupsDuringReloadsSeeOneWholeSnapshot() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.txt"), "a.example\n");
        Path index = tmp.resolve("index.yaml");
        Files.writeString(index, "lists:\n  - id: L\n    category: ads\n    sources: [a.txt]\n");
        Intel intel = Intel.load(IntelConfig.builder().filterListIndexes(index.toString()).build(), CLOCK);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> broken = new AtomicReference<>();
        AtomicLong lookups = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                FilterLists lists = intel.snapshot().lists();
                boolean hasA = lists.lookup("x.a.example", Selection.ALL).isBlocked();
                boolean hasB = lists.lookup("x.b.example", Selection.ALL).isBlocked();
                if (hasA == hasB) {
                    broken.set("a=" + hasA + " b=" + hasB);
                }
                lookups.incrementAndGet();
            }
        });
        reader.start();
        for (int i = 0; i < 30; i++) {
            Files.writeString(a, i % 2 == 0 ? "b.example\n" : "a.example\n");
            intel.reload();
        }
        done.set(true);
        reader.join();
        assertEquals(null, broken.get());
        assertTrue(lookups.get() > 0);
    }

    @Test
    void emptyIntelKnowsNothing() throws Exception {
        assertSame(Intel.Facts.NONE, Intel.empty().lookup("a.example", List.of("b.example"), InetAddress.getByName("1.0.0.1")));
    }
}
