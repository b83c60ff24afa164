package org.netreeve.intel.filterlists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loads the real lists that Debian's webext-ublock-origin-firefox package installs. Tagged e2e
 * so that it runs where CI installs the package; a missing package fails with the fix.
 */
@Tag("e2e")
class DebianUblockListsTest {

    private static FilterLists lists;

    @BeforeAll
    static void load() throws Exception {
        FilterListIndex index = FilterListIndex.debianUblock();
        for (FilterListSpec spec : index.lists()) {
            for (Path source : spec.sources()) {
                if (!Files.isRegularFile(source)) {
                    fail("list " + spec.id() + ": " + source + " is missing; install Debian's package with "
                            + "'apt-get install webext-ublock-origin-firefox'");
                }
            }
        }
        lists = new FilterListsBuilder().add(index).build();
    }

    @Test
    void loadsAboutEightyFourThousandDomainRulesWithoutWarnings() {
        for (ListInfo info : lists.lists()) {
            assertEquals(List.of(), info.report().warnings(), info.id());
        }
        long easy = lists.list("ADS").report().domains() + lists.list("TRAC").report().domains();
        assertTrue(easy > 60_000, "EasyList + EasyPrivacy domain rules: " + easy);
        ListReport mal = lists.list("MAL").report();
        assertTrue(mal.domains() > 100 && mal.ips() > 100, "URLhaus domains " + mal.domains() + ", IPs " + mal.ips());
        assertTrue(lists.domainCount() > 60_000, "distinct domains " + lists.domainCount());
        // Cosmetic and restricted rules are skipped, not malformed.
        ListReport ads = lists.list("ADS").report();
        assertTrue(ads.skipped() > 10_000, "skipped " + ads.skipped());
        assertTrue(ads.malformed() < ads.domains() / 100, "malformed " + ads.malformed());
    }

    @Test
    void everyPureDomainRuleOfEasyPrivacyMatchesItsSubdomains() throws IOException {
        Path file = FilterListIndex.DEBIAN_UBLOCK_ASSETS.resolve("thirdparties/easylist/easyprivacy.txt");
        List<String> domains;
        try (Stream<String> lines = Files.lines(file)) {
            // IP rules go to the IP set, not the domain table.
            domains = lines.filter(l -> l.matches("\\|\\|[a-z0-9.-]+\\^") && !l.matches("\\|\\|[0-9.]+\\^"))
                    .map(l -> l.substring(2, l.length() - 1)).toList();
        }
        assertTrue(domains.size() > 10_000, "pure rules in EasyPrivacy: " + domains.size());
        Selection trackers = Selection.of("trackers");
        for (String domain : domains) {
            FilterResult r = lists.lookup("sub." + domain, trackers);
            if (!r.isBlocked() && r.excepted().isEmpty()) {
                fail("EasyPrivacy rule ||" + domain + "^ does not block sub." + domain);
            }
        }
    }

    @Test
    void urlhausIpEntriesBecomeTheIpSet() throws Exception {
        Path file = FilterListIndex.DEBIAN_UBLOCK_ASSETS.resolve("thirdparties/urlhaus-filter/urlhaus-filter-online.txt");
        String ip;
        try (Stream<String> lines = Files.lines(file)) {
            ip = lines.filter(l -> l.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).findFirst().orElseThrow();
        }
        assertEquals(Set.of("MAL"), lists.lookup(java.net.InetAddress.getByName(ip), Selection.of("malware")).listIds());
        assertFalse(lists.lookup(java.net.InetAddress.getByName(ip), Selection.of("ads")).isBlocked());
    }
}
