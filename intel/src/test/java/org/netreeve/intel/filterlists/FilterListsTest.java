package org.netreeve.intel.filterlists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterListsTest {

    private static FilterLists lists;
    private static Path resources;

    @BeforeAll
    static void load() throws Exception {
        resources = resource("index.yaml").getParent();
        lists = new FilterListsBuilder(7L).add(FilterListIndex.load(resource("index.yaml"))).build();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(FilterListsTest.class.getResource(name).toURI());
    }

    private static FilterLists build(ListFormat format, String... lines) {
        return new FilterListsBuilder(3L)
                .addLines("T", "T", "test", ListKind.BLOCK, format, List.of(lines), "test").build();
    }

    @Test
    void matchesTheListedDomainAndEverySubdomain() {
        FilterResult exact = lists.lookup("adserver.example", Selection.ALL);
        assertEquals(Set.of("ADS"), exact.listIds());
        FilterResult deep = lists.lookup("a.b.adserver.example.", Selection.ALL);
        assertEquals(List.of(new FilterMatch("ADS", "ads", MatchSource.DOMAIN, "a.b.adserver.example.", "adserver.example")),
                deep.blocked());
        assertFalse(lists.lookup("notadserver.example", Selection.ALL).isBlocked());
        assertFalse(lists.lookup("example", Selection.ALL).isBlocked());
        assertTrue(lists.lookup("ADS.Example.COM", Selection.ALL).isBlocked(), "case does not matter");
    }

    @Test
    void readsEveryFormatFromTheIndex() {
        assertEquals(Set.of("HOST"), lists.lookup("banner.example.net", Selection.ALL).listIds());
        assertEquals(Set.of("HOST"), lists.lookup("x.v6only.example.org", Selection.ALL).listIds());
        assertEquals(Set.of("TRAC"), lists.lookup("cdn.metrics.example.net", Selection.ALL).listIds());
        assertEquals(Set.of("TRAC"), lists.lookup("zone.example.org", Selection.ALL).listIds());
        assertEquals(Set.of("ADS"), lists.lookup("whole.example", Selection.ALL).listIds());
        assertFalse(lists.lookup("popups.example", Selection.ALL).isBlocked(), "$popup is not a whole-domain block");
        assertFalse(lists.lookup("cdn.example", Selection.ALL).isBlocked(), "path rules are skipped");
        assertFalse(lists.lookup("localhost", Selection.ALL).isBlocked());
    }

    @Test
    void countsAndReportsMalformedLinesPerFile() {
        ListReport hosts = lists.list("HOST").report();
        FileReport file = hosts.files().get(0);
        assertEquals(resources.resolve("hosts.txt"), file.file());
        assertEquals(2, file.malformed());
        assertEquals(9, file.lines());
        assertEquals(4, file.domains());
        assertEquals(1, file.ips());
        assertEquals(Map.of(SkipReason.LOCAL_NAME, 4L), file.skipped());
        assertEquals(List.of(7L, 8L), file.malformedExamples().stream().map(LineProblem::line).toList());
        assertEquals(resources.resolve("hosts.txt") + ":7: invalid host name: 0.0.0.0 this..is..broken",
                file.malformedExamples().get(0).toString());

        FileReport adblock = lists.list("ADS").report().files().get(0);
        assertEquals(1, adblock.malformed());
        assertEquals(11L, adblock.malformedExamples().get(0).line() + 1, "the '||^' line");
        assertEquals(3, adblock.domains() + adblock.ips());
        assertEquals(1, adblock.exceptions());
        assertEquals(Map.of(SkipReason.OPTIONS, 1L, SkipReason.PATTERN, 2L, SkipReason.COSMETIC, 1L), adblock.skipped());

        FileReport domains = lists.list("TRAC").report().files().get(0);
        assertEquals(1, domains.malformed());
        assertEquals("not a domain", domains.malformedExamples().get(0).text());
    }

    @Test
    void capsMalformedExamplesButCountsEveryLine() {
        String[] lines = new String[25];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "bad line " + i;
        }
        FilterLists built = build(ListFormat.DOMAINS, lines);
        FileReport report = built.list("T").report().files().get(0);
        assertEquals(25, report.malformed());
        assertEquals(FileReport.MAX_EXAMPLES, report.malformedExamples().size());
    }

    @Test
    void exceptionRulesClearBlocksOfTheirDomainAndSubdomains() {
        FilterResult result = lists.lookup("x.good.adserver.example", Selection.of("ADS"));
        assertFalse(result.isBlocked());
        assertEquals(List.of(new FilterMatch("ADS", "ads", MatchSource.DOMAIN, "x.good.adserver.example",
                "good.adserver.example")), result.excepted());
        assertTrue(lists.lookup("bad.adserver.example", Selection.of("ADS")).isBlocked());
    }

    @Test
    void unbreakListsWinWithoutBeingSelected() {
        assertTrue(lists.lookup("www.tracker.example", Selection.of("TRAC")).isBlocked());
        FilterResult result = lists.lookup("cdn.tracker.example", Selection.of("TRAC"));
        assertFalse(result.isBlocked());
        assertEquals("UNBR", result.excepted().get(0).listId());
        assertFalse(lists.lookup("unbreak.test", Selection.ALL).isBlocked());
    }

    @Test
    void cnameChainsRevealCloakedTrackers() {
        FilterResult result = lists.lookup("metrics.shop.test", List.of("shop-metrics.cdn.test", "x.tracker.example"),
                Selection.ALL);
        assertEquals(List.of(new FilterMatch("TRAC", "trackers", MatchSource.CNAME, "x.tracker.example", "tracker.example")),
                result.blocked());
        assertSame(FilterResult.NONE, lists.lookup("shop.test", List.of("cdn.test"), Selection.ALL));
        FilterResult unbroken = lists.lookup("shop.test", List.of("cdn.tracker.example"), Selection.ALL);
        assertFalse(unbroken.isBlocked(), "each name of the chain is judged with its own exceptions");
    }

    @Test
    void restrictsMatchesToTheSelection() {
        assertTrue(lists.lookup("ads.example.com", Selection.of("HOST")).isBlocked());
        assertTrue(lists.lookup("ads.example.com", Selection.of("ads")).isBlocked(), "by category");
        assertFalse(lists.lookup("ads.example.com", Selection.of("TRAC")).isBlocked());
        assertFalse(lists.lookup("ads.example.com", Selection.of("trackers", "malware")).isBlocked());
        assertFalse(lists.lookup("ads.example.com", Selection.NONE).isBlocked());
        assertEquals(Set.of("malware", "NOPE"), Selection.of("trackers", "malware", "NOPE").unknownNames(lists));
        assertTrue(lists.mayBlock("ads.example.com", Selection.of("ads")));
        assertFalse(lists.mayBlock("ads.example.com", Selection.of("trackers")));
    }

    @Test
    void reportsEveryListThatHoldsADomain() {
        FilterLists both = new FilterListsBuilder(1L)
                .addLines("A", "A", "ads", ListKind.BLOCK, ListFormat.DOMAINS, List.of("x.test"), "a")
                .addLines("B", "B", "malware", ListKind.BLOCK, ListFormat.DOMAINS, List.of("x.test", "y.x.test"), "b")
                .build();
        FilterResult r = both.lookup("z.y.x.test", Selection.ALL);
        // Parent domains come first: the name is walked from the right.
        assertEquals(List.of(
                new FilterMatch("A", "ads", MatchSource.DOMAIN, "z.y.x.test", "x.test"),
                new FilterMatch("B", "malware", MatchSource.DOMAIN, "z.y.x.test", "x.test"),
                new FilterMatch("B", "malware", MatchSource.DOMAIN, "z.y.x.test", "y.x.test")), r.blocked());
        assertEquals(Set.of("B", "A"), r.listIds());
        assertEquals(Set.of("malware", "ads"), r.categories());
        assertEquals(2, both.domainCount());
    }

    @Test
    void listsIpAddressesSeparately() throws Exception {
        FilterResult hit = lists.lookup(InetAddress.getByName("203.0.113.7"), Selection.ALL);
        assertEquals(List.of(new FilterMatch("HOST", "ads", MatchSource.IP, "203.0.113.7", "203.0.113.7")), hit.blocked());
        assertEquals(Set.of("TRAC"), lists.lookup(InetAddress.getByName("198.51.100.23"), Selection.ALL).listIds());
        assertEquals(Set.of("ADS"), lists.lookup(InetAddress.getByName("192.0.2.99"), Selection.ALL).listIds());
        assertSame(FilterResult.NONE, lists.lookup(InetAddress.getByName("192.0.2.98"), Selection.ALL));
        assertSame(FilterResult.NONE, lists.lookup(InetAddress.getByName("203.0.113.7"), Selection.of("TRAC")));
        FilterLists v6 = build(ListFormat.DOMAINS, "2001:db8::1", "@@never");
        assertTrue(v6.lookup(InetAddress.getByName("2001:db8:0::1"), Selection.ALL).isBlocked());
        assertFalse(v6.lookup(InetAddress.getByName("2001:db8::2"), Selection.ALL).isBlocked());
        FilterLists mapped = build(ListFormat.DOMAINS, "1.2.3.4");
        assertTrue(mapped.lookup(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 1, 2, 3, 4}),
                Selection.ALL).isBlocked(), "IPv4-mapped IPv6 is the IPv4 address");
    }

    @Test
    void ipExceptionsWin() throws Exception {
        FilterLists built = build(ListFormat.ADBLOCK, "||192.0.2.1^", "@@||192.0.2.1^", "||192.0.2.2^");
        assertFalse(built.lookup(InetAddress.getByName("192.0.2.1"), Selection.ALL).isBlocked());
        assertEquals(1, built.lookup(InetAddress.getByName("192.0.2.1"), Selection.ALL).excepted().size());
        assertTrue(built.lookup(InetAddress.getByName("192.0.2.2"), Selection.ALL).isBlocked());
    }

    @Test
    void readsDirectoriesGlobsAndGzipFiles(@TempDir Path dir) throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("a.txt"), "one.test\n");
        Files.writeString(lists.resolve(".hidden"), "hidden.test\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(lists.resolve("b.txt.gz")))) {
            out.write("0.0.0.0 two.test\r\n0.0.0.0 three.test".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("c.list"), "four.test\n");
        Files.writeString(dir.resolve("d.other"), "five.test\n");
        Files.writeString(dir.resolve("index.yaml"), """
                lists:
                  - id: DIR
                    category: ads
                    sources: [lists]
                  - id: GLOB
                    category: ads
                    sources: ["*.list", missing.txt]
                """);
        FilterLists built = new FilterListsBuilder().add(FilterListIndex.load(dir.resolve("index.yaml"))).build();
        for (String name : List.of("one.test", "two.test", "three.test")) {
            assertEquals(Set.of("DIR"), built.lookup(name, Selection.ALL).listIds(), name);
        }
        assertEquals(Set.of("GLOB"), built.lookup("four.test", Selection.ALL).listIds());
        assertFalse(built.lookup("five.test", Selection.ALL).isBlocked());
        assertFalse(built.lookup("hidden.test", Selection.ALL).isBlocked());
        assertEquals(2, built.list("DIR").report().files().size());
        assertEquals(List.of("list GLOB: source " + dir.resolve("missing.txt") + " does not exist"),
                built.list("GLOB").report().warnings());
    }

    @Test
    void survivesOverlongLinesAndBinaryGarbage(@TempDir Path dir) throws Exception {
        byte[] garbage = new byte[200_000];
        new java.util.Random(1).nextBytes(garbage);
        Path file = dir.resolve("garbage.txt");
        Files.write(file, garbage);
        Files.writeString(dir.resolve("long.txt"), "x".repeat(100_000) + "\nok.test\n");
        FilterLists built = new FilterListsBuilder()
                .add(new FilterListSpec("G", "G", "ads", "", ListKind.BLOCK, ListFormat.AUTO,
                        List.of(file, dir.resolve("long.txt")), "test"))
                .build();
        List<FileReport> files = built.list("G").report().files();
        assertTrue(files.get(0).malformed() + files.get(0).skippedTotal() > 0);
        assertEquals(1, files.get(1).malformed());
        assertTrue(files.get(1).malformedExamples().get(0).reason().contains("longer than"));
        assertTrue(built.lookup("ok.test", Selection.ALL).isBlocked());
    }

    @Test
    void noMatchAllocatesNothingAndReturnsTheSharedAnswer() {
        assertSame(FilterResult.NONE, lists.lookup("www.unlisted.test", Selection.ALL));
        assertSame(FilterResult.NONE, lists.lookup("", Selection.ALL));
        assertSame(FilterResult.NONE, lists.lookup(null, null, Selection.ALL));
    }

    @Test
    void rejectsDuplicateListIds() {
        FilterListsBuilder builder = new FilterListsBuilder()
                .addLines("A", "A", "ads", ListKind.BLOCK, ListFormat.DOMAINS, List.of(), "first");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.addLines("A", "A", "ads", ListKind.BLOCK, ListFormat.DOMAINS, List.of(), "second"));
        assertEquals("list id A declared twice: at first and at second", e.getMessage());
    }

    @Test
    void selectionsFollowAReload() {
        Selection ads = Selection.of("ads");
        FilterLists first = build(ListFormat.DOMAINS, "a.test");
        FilterLists second = new FilterListsBuilder(9L)
                .addLines("X", "X", "other", ListKind.BLOCK, ListFormat.DOMAINS, List.of("b.test"), "x")
                .addLines("Y", "Y", "ads", ListKind.BLOCK, ListFormat.DOMAINS, List.of("a.test"), "y").build();
        assertFalse(first.lookup("a.test", ads).isBlocked(), "list T has category test");
        assertEquals(Set.of("Y"), second.lookup("a.test", ads).listIds());
        assertFalse(second.lookup("b.test", ads).isBlocked());
    }

    @Test
    void keepsTwoHundredThousandDistinctDomainsApart() {
        String[] lines = new String[200_000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "d" + i + ".example";
        }
        FilterLists big = build(ListFormat.DOMAINS, lines);
        assertEquals(lines.length, big.domainCount(), "no two names share a key");
        for (int i = 0; i < lines.length; i++) {
            assertTrue(big.mayBlock("www.d" + i + ".example", Selection.ALL), lines[i]);
            assertFalse(big.mayBlock("d" + i + ".example.net", Selection.ALL));
            assertFalse(big.mayBlock("e" + i + ".example", Selection.ALL));
        }
        assertTrue(big.footprintBytes() / lines.length < 40, "bytes per domain: " + big.footprintBytes() / lines.length);
    }

    @Test
    void findsEntriesBelowCrowdedParentDomains() {
        // Hundreds of entries below one parent (like co.uk or a hosting domain) are filed apart.
        String[] lines = new String[HeavyBases.THRESHOLD * 5 + 1];
        for (int i = 0; i < lines.length - 1; i++) {
            lines[i] = "u" + i + ".hosting.example";
        }
        lines[lines.length - 1] = "deep.a.b.c.other.example";
        FilterLists crowded = build(ListFormat.DOMAINS, lines);
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(crowded.mayBlock("x.y.u" + i + ".hosting.example", Selection.ALL), lines[i]);
            assertFalse(crowded.mayBlock("v" + i + ".hosting.example", Selection.ALL));
        }
        assertFalse(crowded.mayBlock("hosting.example", Selection.ALL));
        assertTrue(crowded.mayBlock("deep.a.b.c.other.example", Selection.ALL));
        assertFalse(crowded.mayBlock("a.b.c.other.example", Selection.ALL));
    }
}
