package org.netreeve.intel.filterlists;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads lists and compiles them into a {@link FilterLists} snapshot. Content problems (malformed
 * lines, missing files) never fail a build: they are counted and reported in each list's
 * {@link ListReport}. Not thread-safe; use one builder per load.
 */
public final class FilterListsBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FilterListsBuilder.class);

    private final long seed;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, String> declaredAt = new HashMap<>();

    /** A builder with a random hash seed (what production uses). */
    public FilterListsBuilder() {
        this(new SecureRandom().nextLong());
    }

    /** A builder with a fixed hash seed (tests and benchmarks that want repeatable tables). */
    public FilterListsBuilder(long seed) {
        this.seed = seed;
    }

    /** Adds every list of an index. */
    public FilterListsBuilder add(FilterListIndex index) {
        for (FilterListSpec spec : index.lists()) {
            add(spec);
        }
        return this;
    }

    /**
     * Adds one list read from its sources.
     *
     * @throws IllegalArgumentException when a list with the same id was already added
     */
    public FilterListsBuilder add(FilterListSpec spec) {
        claim(spec.id(), spec.origin());
        pending.add(new Pending(spec, null));
        return this;
    }

    /**
     * Adds a list given as text lines (an unbreak list from configuration, or a test). Reports
     * name the pseudo-file {@code <origin>}.
     */
    public FilterListsBuilder addLines(String id, String name, String category, ListKind kind, ListFormat format,
                                       List<String> lines, String origin) {
        claim(id, origin);
        FilterListSpec spec = new FilterListSpec(id, name, category, "", kind, format, List.of(Path.of("/").resolve(id)),
                origin);
        pending.add(new Pending(spec, List.copyOf(lines)));
        return this;
    }

    private void claim(String id, String origin) {
        String previous = declaredAt.putIfAbsent(id, origin);
        if (previous != null) {
            throw new IllegalArgumentException("list id " + id + " declared twice: at " + previous + " and at " + origin);
        }
    }

    /** Reads all sources and compiles the snapshot. */
    public FilterLists build() {
        ListSets.Builder sets = new ListSets.Builder(pending.size());
        KeyTable.Builder domains = new KeyTable.Builder();
        KeyTable.Builder domainExceptions = new KeyTable.Builder();
        KeyTable.Builder ips = new KeyTable.Builder();
        KeyTable.Builder ipExceptions = new KeyTable.Builder();
        List<ListInfo> infos = new ArrayList<>(pending.size());
        for (int index = 0; index < pending.size(); index++) {
            Pending p = pending.get(index);
            FilterListSpec spec = p.spec();
            int list = index;
            ListFileLoader.Entries entries = new ListFileLoader.Entries() {
                @Override
                public void domain(long key, long base, boolean exception) {
                    (exception ? domainExceptions : domains).add(key, base, list);
                }

                @Override
                public void ip(long key, boolean exception) {
                    (exception ? ipExceptions : ips).add(key, key, list);
                }
            };
            LineParser parser = new LineParser(spec.format(), seed);
            List<String> warnings = new ArrayList<>();
            List<FileReport> files = new ArrayList<>();
            if (p.lines() != null) {
                files.add(loadLines(spec, p.lines(), parser, entries, warnings));
            } else {
                for (Path source : spec.sources()) {
                    for (Path file : ListFileLoader.expand(source, warnings, spec.id())) {
                        files.add(ListFileLoader.load(file, parser, spec.kind(), entries, warnings, spec.id()));
                    }
                }
            }
            ListReport report = new ListReport(spec.id(), files, warnings);
            log(spec, report);
            infos.add(new ListInfo(spec, report));
        }
        KeyTable.LongList deep = new KeyTable.LongList();
        domains.collectDeepBases(deep);
        domainExceptions.collectDeepBases(deep);
        HeavyBases heavy = HeavyBases.of(deep.values, deep.size);
        domains.spread(heavy);
        domainExceptions.spread(heavy);
        KeyTable domainTable = domains.build(sets);
        KeyTable domainExceptionTable = domainExceptions.build(sets);
        KeyTable ipTable = ips.build(sets);
        KeyTable ipExceptionTable = ipExceptions.build(sets);
        return new FilterLists(seed, infos, sets.build(), heavy, domainTable, domainExceptionTable, ipTable,
                ipExceptionTable);
    }

    private static FileReport loadLines(FilterListSpec spec, List<String> lines, LineParser parser,
                                        ListFileLoader.Entries entries, List<String> warnings) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Path pseudo = Path.of("<" + spec.origin() + ">");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return ListFileLoader.loadBytes(pseudo, bytes, parser, spec.kind(), entries, warnings, spec.id());
    }

    private static void log(FilterListSpec spec, ListReport report) {
        for (String warning : report.warnings()) {
            LOG.warn("{}", warning);
        }
        LOG.info("filter list {} ({}): {} domains, {} exceptions, {} IPs, {} skipped, {} malformed from {} file(s)",
                spec.id(), spec.name(), report.domains(), report.exceptions(), report.ips(), report.skipped(),
                report.malformed(), report.files().size());
        for (FileReport file : report.files()) {
            if (file.malformed() > 0) {
                LOG.warn("filter list {}: {} malformed line(s) in {}, e.g. {}", spec.id(), file.malformed(), file.file(),
                        file.malformedExamples().get(0));
            }
        }
    }

    private record Pending(FilterListSpec spec, List<String> lines) {
    }
}
