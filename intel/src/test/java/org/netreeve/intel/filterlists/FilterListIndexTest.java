package org.netreeve.intel.filterlists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterListIndexTest {

    private static FilterListIndexException fails(String yaml) {
        return assertThrows(FilterListIndexException.class,
                () -> FilterListIndex.parse("idx.yaml", yaml.getBytes(StandardCharsets.UTF_8), false, Path.of("/lists")));
    }

    @Test
    void readsYamlWithDefaultsAndRelativeSources() throws Exception {
        FilterListIndex index = FilterListIndex.load(FilterListsTest.resource("index.yaml"));
        assertEquals(4, index.lists().size());
        FilterListSpec ads = index.lists().get(0);
        assertEquals("ADS", ads.id());
        assertEquals("Made-up ads", ads.name());
        assertEquals(ListFormat.ADBLOCK, ads.format());
        assertEquals(ListKind.BLOCK, ads.kind());
        assertEquals(List.of(FilterListsTest.resource("adblock.txt")), ads.sources());
        assertTrue(ads.origin().endsWith("index.yaml:2"), ads.origin());
        assertEquals(ListKind.ALLOW, index.lists().get(3).kind());
        assertEquals(ListFormat.AUTO, index.lists().get(3).format());
    }

    @Test
    void readsJson() throws Exception {
        FilterListIndex index = FilterListIndex.load(FilterListsTest.resource("index.json"));
        assertEquals("TRAC", index.lists().get(0).id());
        assertEquals("TRAC", index.lists().get(0).name());
    }

    @Test
    void namesFileLineAndKeyOfUnknownKeys() {
        FilterListIndexException e = fails("""
                lists:
                  - id: ADS
                    category: ads
                    sorces: [a.txt]
                """);
        assertTrue(e.getMessage().startsWith("idx.yaml:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'sorces'"), e.getMessage());
        assertTrue(e.getMessage().contains("sources"), e.getMessage());
    }

    @Test
    void explainsMissingAndBadValues() {
        assertEquals("idx.yaml:2:5: list ADS has no 'sources'", fails("""
                lists:
                  - id: ADS
                    category: ads
                """).getMessage());
        assertTrue(fails("""
                lists:
                  - id: ads
                    category: ads
                    sources: a
                """).getMessage().contains("must be 1-16 upper-case"));
        assertTrue(fails("""
                lists:
                  - id: ADS
                    category: ads
                    format: csv
                    sources: a
                """).getMessage().contains("unknown format 'csv' (expected auto, hosts, domains or adblock)"));
        assertTrue(fails("""
                lists:
                  - id: ADS
                    category: ads
                    kind: deny
                    sources: a
                """).getMessage().contains("unknown kind 'deny' (expected block or allow)"));
        assertEquals("idx.yaml:5:5: duplicate list id 'ADS'", fails("""
                lists:
                  - id: ADS
                    category: ads
                    sources: a
                  - id: ADS
                    category: ads
                    sources: b
                """).getMessage());
        assertTrue(fails("colour: blue\n").getMessage().contains("unknown key 'colour' (expected 'lists')"));
        assertTrue(fails("lists: [\n").getMessage().startsWith("idx.yaml:"));
    }

    @Test
    void debianIndexPointsAtThePackagedLists() throws Exception {
        FilterListIndex index = FilterListIndex.resolve(FilterListIndex.DEBIAN_UBLOCK);
        assertEquals(List.of("ADS", "TRAC", "MAL", "BADW"), index.lists().stream().map(FilterListSpec::id).toList());
        assertEquals(FilterListIndex.DEBIAN_UBLOCK_ASSETS.resolve("thirdparties/easylist/easylist.txt"),
                index.lists().get(0).sources().get(0));
        assertEquals("malware", index.lists().get(2).category());
    }
}
