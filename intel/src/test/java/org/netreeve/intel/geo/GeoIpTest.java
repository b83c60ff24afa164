package org.netreeve.intel.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeoIpTest {

    private static GeoIp geo;

    @BeforeAll
    static void open() throws Exception {
        geo = GeoIp.open(MmdbTestData.file("GeoLite2-Country-Test.mmdb"), MmdbTestData.file("GeoLite2-ASN-Test.mmdb"));
    }

    @AfterAll
    static void close() {
        geo.close();
    }

    @Test
    void answersCountryAndContinentOfEveryNetworkInTheSourceJson() throws IOException {
        List<MmdbTestData.Network> networks = MmdbTestData.networks("GeoLite2-Country-Test.json");
        assertTrue(networks.size() > 200);
        for (MmdbTestData.Network n : networks) {
            MmdbTestData.Network expected = MmdbTestData.mostSpecific(networks, n.first());
            GeoInfo info = geo.lookup(n.first());
            String where = n.first().getHostAddress() + "/" + n.prefix();
            assertEquals(MmdbTestData.text(expected.data(), "country", "iso_code"), info.country(), where);
            assertEquals(MmdbTestData.text(expected.data(), "continent", "code"), info.continent(), where);
        }
    }

    @Test
    void answersAsnAndOrganisationOfEveryNetworkInTheSourceJson() throws IOException {
        List<MmdbTestData.Network> networks = MmdbTestData.networks("GeoLite2-ASN-Test.json");
        assertTrue(networks.size() > 700);
        for (MmdbTestData.Network n : networks) {
            MmdbTestData.Network expected = MmdbTestData.mostSpecific(networks, n.first());
            GeoInfo info = geo.lookup(n.first());
            String where = n.first().getHostAddress() + "/" + n.prefix();
            assertEquals(expected.data().path("autonomous_system_number").asLong(), info.asn(), where);
            assertEquals(MmdbTestData.text(expected.data(), "autonomous_system_organization"), info.asOrganization(), where);
        }
    }

    @Test
    void knowsExactValuesForWellKnownTestAddresses() throws Exception {
        GeoInfo google = geo.lookup(InetAddress.getByName("1.0.0.1"));
        assertEquals(15169, google.asn());
        assertEquals("Google Inc.", google.asOrganization());
        GeoInfo gb = geo.lookup(InetAddress.getByName("2.125.160.217"));
        assertEquals("GB", gb.country());
        assertEquals("EU", gb.continent());
        GeoInfo euOnly = geo.lookup(InetAddress.getByName("2a02:d500::1"));
        assertNull(euOnly.country(), "this network has a continent but no country");
        assertEquals("EU", euOnly.continent());
        assertSame(GeoInfo.UNKNOWN, geo.lookup(InetAddress.getByName("10.1.2.3")));
    }

    @Test
    void cachesAnswers() throws Exception {
        InetAddress a = InetAddress.getByName("81.2.69.160");
        assertSame(geo.lookup(a), geo.lookup(InetAddress.getByName("81.2.69.160")));
    }

    @Test
    void readsCountryFromCityAndEnterpriseStyleDatabases() throws Exception {
        List<MmdbTestData.Network> networks = MmdbTestData.networks("GeoLite2-Country-Test.json");
        InetAddress london = InetAddress.getByName("81.2.69.160");
        MmdbTestData.Network expected = MmdbTestData.mostSpecific(networks, london);
        for (String db : List.of("GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb")) {
            try (GeoIp other = GeoIp.open(MmdbTestData.file(db), null)) {
                GeoInfo info = other.lookup(london);
                assertEquals(MmdbTestData.text(expected.data(), "country", "iso_code"), info.country(), db);
                assertEquals(MmdbTestData.text(expected.data(), "continent", "code"), info.continent(), db);
                assertFalse(other.asnAvailable());
            }
        }
    }

    @Test
    void missingDatabasesDisableTheirPartWithOneWarning(@TempDir Path dir) throws Exception {
        try (GeoIp none = GeoIp.open(dir.resolve("nope.mmdb"), null)) {
            assertFalse(none.countryAvailable());
            assertFalse(none.asnAvailable());
            assertEquals(1, none.warnings().size());
            String warning = none.warnings().get(0);
            assertTrue(warning.contains(dir.resolve("nope.mmdb") + " does not exist"), warning);
            assertTrue(warning.contains("no ASN database is configured"), warning);
            assertTrue(warning.contains("DE, C:EU") && warning.contains("AS15169"), warning);
            assertSame(GeoInfo.UNKNOWN, none.lookup(InetAddress.getByName("1.0.0.1")));
        }
        try (GeoIp countryOnly = GeoIp.open(MmdbTestData.file("GeoLite2-Country-Test.mmdb"), dir.resolve("asn.mmdb"))) {
            assertTrue(countryOnly.countryAvailable());
            assertEquals(1, countryOnly.warnings().size());
            assertFalse(countryOnly.warnings().get(0).contains("C:EU"), countryOnly.warnings().get(0));
            assertEquals("GB", countryOnly.lookup(InetAddress.getByName("2.125.160.217")).country());
        }
    }

    static Stream<Path> corruptFiles() throws IOException {
        try (Stream<Path> files = Files.list(MmdbTestData.dir().resolve("bad"))) {
            List<Path> list = files.sorted().toList();
            assertEquals(8, list.size());
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corruptFiles")
    void refusesEveryCorruptDatabaseWithAClearError(Path bad) {
        for (boolean asCountry : new boolean[] {true, false}) {
            GeoDatabaseException e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(
                    GeoDatabaseException.class, () -> GeoIp.open(asCountry ? bad : null, asCountry ? null : bad)));
            assertTrue(e.getMessage().startsWith("GeoIP database " + bad + " "), e.getMessage());
            String reason = e.getMessage().substring(("GeoIP database " + bad + " ").length());
            assertTrue(reason.startsWith("is corrupt: ") || reason.startsWith("has type 'Test'; expected"), e.getMessage());
        }
    }

    @Test
    void explainsWhatIsWrongWithEachCorruptFile() {
        assertMessage("libmaxminddb-metadata-marker-only.mmdb", "is corrupt: metadata marker but no metadata");
        assertMessage("libmaxminddb-offset-integer-overflow.mmdb", "is corrupt: bad pointer inside the metadata");
        assertMessage("libmaxminddb-oversized-array.mmdb", "is corrupt: read past the end of the data section");
        assertMessage("libmaxminddb-deep-nesting.mmdb", "is corrupt: data nested deeper than 512 levels");
        assertMessage("libmaxminddb-deep-array-nesting.mmdb", "is corrupt: data nested deeper than 512 levels");
        // Structurally readable (the reader's walk is bounded by the address length), but not geo data.
        assertMessage("libmaxminddb-corrupt-search-tree.mmdb",
                "has type 'Test'; expected a GeoIP2/GeoLite2 Country, City or Enterprise database");
        assertMessage("libmaxminddb-empty-map-last-in-metadata.mmdb", "has type 'Test'");
        assertMessage("libmaxminddb-empty-array-last-in-metadata.mmdb", "has type 'Test'");
    }

    private static void assertMessage(String file, String expected) {
        Path bad = MmdbTestData.dir().resolve("bad").resolve(file);
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoIp.open(bad, null));
        String prefix = "GeoIP database " + bad + " ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().substring(prefix.length()).startsWith(expected), e.getMessage());
    }

    @Test
    void refusesTruncatedAndRandomFilesAndWrongTypes(@TempDir Path dir) throws Exception {
        byte[] real = Files.readAllBytes(MmdbTestData.file("GeoLite2-Country-Test.mmdb"));
        Path truncated = Files.write(dir.resolve("truncated.mmdb"), Arrays.copyOf(real, real.length / 2));
        assertTrue(assertThrows(GeoDatabaseException.class, () -> GeoIp.open(truncated, null)).getMessage()
                .contains("no metadata marker"));
        byte[] noise = new byte[50_000];
        new java.util.Random(5).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.mmdb"), noise);
        assertThrows(GeoDatabaseException.class, () -> GeoIp.open(random, null));
        // A damaged byte in the search tree or the data must not get past the check either.
        for (int offset : new int[] {100, real.length / 2, real.length - 3000}) {
            byte[] damaged = real.clone();
            for (int i = 0; i < 64; i++) {
                damaged[offset + i] = (byte) 0xFF;
            }
            Path file = Files.write(dir.resolve("damaged-" + offset + ".mmdb"), damaged);
            Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try {
                    return GeoIp.open(file, null);
                } catch (GeoDatabaseException e) {
                    return e;
                }
            });
            if (outcome instanceof GeoIp opened) {
                // A damage the structure check cannot see is still answered without a crash.
                opened.lookup(InetAddress.getByName("2.125.160.217"));
                opened.close();
            } else {
                GeoDatabaseException e = (GeoDatabaseException) outcome;
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            }
        }
        GeoDatabaseException wrongType = assertThrows(GeoDatabaseException.class,
                () -> GeoIp.open(MmdbTestData.file("GeoLite2-ASN-Test.mmdb"), null));
        assertTrue(wrongType.getMessage().contains("has type 'GeoLite2-ASN'; expected a GeoIP2/GeoLite2 Country"),
                wrongType.getMessage());
    }
}
