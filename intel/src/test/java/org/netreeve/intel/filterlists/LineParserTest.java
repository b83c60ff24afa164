package org.netreeve.intel.filterlists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineParserTest {

    private static final long SEED = 42L;

    /** Records what a line produced, as readable strings. */
    private static final class Recorder implements LineParser.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void domain(long key, long base, boolean exception) {
            events.add((exception ? "exception " : "domain ") + key);
        }

        @Override
        public void ip(long key, boolean exception) {
            events.add((exception ? "ip-exception " : "ip ") + key);
        }

        @Override
        public void skipped(SkipReason reason) {
            events.add("skipped " + reason);
        }

        @Override
        public void malformed(String reason) {
            events.add("malformed");
        }
    }

    private static List<String> parse(ListFormat format, String line) {
        Recorder r = new Recorder();
        new LineParser(format, SEED).parse(line, r);
        return r.events;
    }

    private static String domain(String name) {
        return "domain " + DomainKeys.key(name, SEED);
    }

    private static String exception(String name) {
        return "exception " + DomainKeys.key(name, SEED);
    }

    @Test
    void readsHostsLinesWithSeveralNamesAndComments() {
        assertEquals(List.of(domain("ads.example"), domain("track.example")),
                parse(ListFormat.HOSTS, "0.0.0.0 ads.example\ttrack.example # two names"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.HOSTS, "127.0.0.1  ads.example"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.HOSTS, ":: ads.example"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.HOSTS, "::1 ADS.Example."));
        assertEquals(List.of(), parse(ListFormat.HOSTS, "# 0.0.0.0 commented.example"));
        assertEquals(List.of(), parse(ListFormat.HOSTS, "   "));
    }

    @Test
    void skipsHostsBoilerplate() {
        assertEquals(List.of("skipped LOCAL_NAME"), parse(ListFormat.HOSTS, "127.0.0.1 localhost"));
        assertEquals(List.of("skipped LOCAL_NAME", "skipped LOCAL_NAME"),
                parse(ListFormat.HOSTS, "::1 localhost ip6-localhost"));
        assertEquals(List.of("skipped LOCAL_NAME"), parse(ListFormat.HOSTS, "0.0.0.0 0.0.0.0"));
    }

    @Test
    void reportsMalformedHostsLines() {
        assertEquals(List.of("malformed"), parse(ListFormat.HOSTS, "0.0.0.0"));
        assertEquals(List.of("malformed"), parse(ListFormat.HOSTS, "ads.example"));
        assertEquals(List.of("malformed"), parse(ListFormat.HOSTS, "999.0.0.1 ads.example"));
        assertEquals(List.of(domain("good.example"), "malformed"), parse(ListFormat.HOSTS, "0.0.0.0 good.example bad..example"));
    }

    @Test
    void readsPlainDomainsAndIps() {
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.DOMAINS, "ads.example"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.DOMAINS, "*.ads.example"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.DOMAINS, ".ads.example  # zone"));
        assertEquals(List.of(domain("under_score.example")), parse(ListFormat.DOMAINS, "under_score.example"));
        assertEquals(List.of("ip " + IpKeys.v4Key(0x01020304L)), parse(ListFormat.DOMAINS, "1.2.3.4"));
        assertEquals(List.of(), parse(ListFormat.DOMAINS, "! comment"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "-bad.example"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "two words"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "1.2.3"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "a".repeat(64) + ".example"));
    }

    @Test
    void convertsInternationalNamesToPunycode() {
        assertEquals(List.of(domain("xn--bcher-kva.example")), parse(ListFormat.DOMAINS, "bücher.example"));
        assertEquals(List.of(domain("xn--bcher-kva.example")), parse(ListFormat.ADBLOCK, "||BÜCHER.example^"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.HOSTS, "0.0.0.0 ads.example # Größe"));
    }

    @Test
    void readsPureAdblockDomainRules() {
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.ADBLOCK, "||ads.example^"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.ADBLOCK, "||ads.example^|"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.ADBLOCK, "||ads.example^$all"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.ADBLOCK, "||ads.example^$important,document"));
        assertEquals(List.of(domain("ads.example")), parse(ListFormat.ADBLOCK, "||ads.example^$doc"));
        assertEquals(List.of(exception("ok.ads.example")), parse(ListFormat.ADBLOCK, "@@||ok.ads.example^"));
        assertEquals(List.of("ip " + IpKeys.v4Key(0x0A000001L)), parse(ListFormat.ADBLOCK, "||10.0.0.1^"));
    }

    @Test
    void skipsRulesThatAreNotWholeDomainBlocks() {
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.ADBLOCK, "example.com##.ad-banner"));
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.ADBLOCK, "##.ad-banner"));
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.ADBLOCK, "example.com#@#.ad"));
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.ADBLOCK, "example.com##+js(nowebrtc)"));
        assertEquals(List.of("skipped OPTIONS"), parse(ListFormat.ADBLOCK, "||ads.example^$third-party"));
        assertEquals(List.of("skipped OPTIONS"), parse(ListFormat.ADBLOCK, "@@||ads.example^$generichide"));
        assertEquals(List.of("skipped OPTIONS"), parse(ListFormat.ADBLOCK, "||ads.example^$script,domain=a.example"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "||ads.example/banner/*.gif"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "||ads.example"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "||ads.example:8080^"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "||ads.example^*.js"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "/banner/ads/*"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "-120x600."));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.ADBLOCK, "@@|https://ads.example/"));
        assertEquals(List.of(), parse(ListFormat.ADBLOCK, "! Title: EasyList"));
        assertEquals(List.of(), parse(ListFormat.ADBLOCK, "[Adblock Plus 2.0]"));
    }

    @Test
    void reportsMalformedAdblockDomains() {
        assertEquals(List.of("malformed"), parse(ListFormat.ADBLOCK, "||^"));
        assertEquals(List.of("malformed"), parse(ListFormat.ADBLOCK, "||bad..example^"));
        assertEquals(List.of("malformed"), parse(ListFormat.ADBLOCK, "||-bad.example^"));
    }

    @Test
    void autoDetectsEachLineOnItsOwn() {
        assertEquals(List.of(domain("a.example"), domain("b.example")), parse(ListFormat.AUTO, "0.0.0.0 a.example b.example"));
        assertEquals(List.of(domain("a.example")), parse(ListFormat.AUTO, "0.0.0.0 a.example ## not cosmetic"));
        assertEquals(List.of(domain("a.example")), parse(ListFormat.AUTO, "a.example"));
        assertEquals(List.of(domain("a.example")), parse(ListFormat.AUTO, "||a.example^"));
        assertEquals(List.of(exception("a.example")), parse(ListFormat.AUTO, "@@||a.example^"));
        assertEquals(List.of("ip " + IpKeys.v4Key(0x01010168L)), parse(ListFormat.AUTO, "1.1.1.104"));
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.AUTO, "a.example##.ad"));
        assertEquals(List.of("skipped COSMETIC"), parse(ListFormat.AUTO, "##.ad"));
        assertEquals(List.of("skipped PATTERN"), parse(ListFormat.AUTO, "/ads/*"));
        assertEquals(List.of(), parse(ListFormat.AUTO, "# comment"));
        assertEquals(List.of(), parse(ListFormat.AUTO, "! comment"));
        assertEquals(List.of("malformed"), parse(ListFormat.AUTO, "singleword"));
        assertEquals(List.of("malformed"), parse(ListFormat.AUTO, "a.example b.example"));
    }

    @Test
    void parsesIpv6LiteralsWithoutResolving() {
        List<String> events = parse(ListFormat.DOMAINS, "2001:db8::1");
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("ip "));
        assertEquals(parse(ListFormat.DOMAINS, "2001:0db8:0:0:0:0:0:1"), events);
        assertEquals(List.of("ip " + IpKeys.v4Key(0x01020304L)), parse(ListFormat.DOMAINS, "::ffff:1.2.3.4"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "2001:db8::1::2"));
        assertEquals(List.of("malformed"), parse(ListFormat.DOMAINS, "2001:db8:zz::1"));
    }
}
