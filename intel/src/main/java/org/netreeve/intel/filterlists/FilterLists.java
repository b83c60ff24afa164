package org.netreeve.intel.filterlists;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, compiled snapshot of filter lists: safe to share between threads and replaced
 * whole on reload.
 *
 * <p>Domains live as 64-bit keys ({@link DomainKeys}) in open-addressing tables, each key
 * pointing to the set of lists that hold it; nothing keeps the domain strings. A lookup hashes
 * the name from the right and probes every parent domain on the way, so {@code example.com} in a
 * list matches {@code a.b.example.com}. A lookup that matches nothing allocates nothing and
 * returns {@link FilterResult#NONE}.
 *
 * <p>Exceptions win: a name with a block match is cleared when it, or a parent domain, is in an
 * unbreak list or in an {@code @@} rule of a selected list. Each name of a CNAME chain is judged
 * on its own, so a cloaked tracker behind an innocent first name is still found.
 */
public final class FilterLists {

    private final long seed;
    private final List<ListInfo> lists;
    private final Map<String, Integer> indexById;
    private final Map<String, long[]> masksByCategory;
    private final long[] allowMask;
    private final long[] allMask;
    private final ListSets sets;
    private final HeavyBases heavy;
    private final KeyTable domains;
    private final KeyTable domainExceptions;
    private final KeyTable ips;
    private final KeyTable ipExceptions;
    /** Id and category of each list by index, for building matches without going through {@link ListInfo}. */
    private final String[] ids;
    private final String[] categories;

    FilterLists(long seed, List<ListInfo> lists, ListSets sets, HeavyBases heavy, KeyTable domains,
                KeyTable domainExceptions, KeyTable ips, KeyTable ipExceptions) {
        this.seed = seed;
        this.heavy = heavy;
        this.lists = List.copyOf(lists);
        this.sets = sets;
        this.domains = domains;
        this.domainExceptions = domainExceptions;
        this.ips = ips;
        this.ipExceptions = ipExceptions;
        int words = sets.wordsPerSet();
        this.allowMask = new long[words];
        this.allMask = new long[words];
        Map<String, Integer> byId = new HashMap<>();
        Map<String, long[]> byCategory = new HashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            ListInfo info = lists.get(i);
            byId.put(info.id(), i);
            byCategory.computeIfAbsent(info.category(), c -> new long[words])[i >>> 6] |= 1L << i;
            allMask[i >>> 6] |= 1L << i;
            if (info.kind() == ListKind.ALLOW) {
                allowMask[i >>> 6] |= 1L << i;
            }
        }
        this.ids = new String[lists.size()];
        this.categories = new String[lists.size()];
        for (int i = 0; i < lists.size(); i++) {
            ids[i] = lists.get(i).id();
            categories[i] = lists.get(i).category();
        }
        this.indexById = Map.copyOf(byId);
        this.masksByCategory = Map.copyOf(byCategory);
    }

    /** An empty snapshot: nothing matches. */
    public static FilterLists empty() {
        return new FilterListsBuilder(0L).build();
    }

    /** The loaded lists, in load order. */
    public List<ListInfo> lists() {
        return lists;
    }

    /** The list with this id, or null. */
    public ListInfo list(String id) {
        Integer i = indexById.get(id);
        return i == null ? null : lists.get(i);
    }

    /** Distinct domain keys (blocks) across all lists. */
    public int domainCount() {
        return domains.size();
    }

    /** Distinct domain exception keys (unbreak lists and {@code @@} rules). */
    public int exceptionCount() {
        return domainExceptions.size();
    }

    /** Distinct IP entries (blocks). */
    public int ipCount() {
        return ips.size();
    }

    /** Heap held by the lookup structures, in bytes (for the memory report; excludes list metadata). */
    public long footprintBytes() {
        return domains.footprintBytes() + domainExceptions.footprintBytes() + ips.footprintBytes()
                + ipExceptions.footprintBytes() + sets.footprintBytes() + heavy.footprintBytes();
    }

    /** True when a selected list blocks {@code domain} or a parent (exceptions not considered); never allocates. */
    public boolean mayBlock(String domain, Selection selection) {
        if (domain == null) {
            return false;
        }
        long[] mask = selection.bind(this).blockMask();
        int end = end(domain);
        if (end == 0) {
            return false;
        }
        Walk w = WALKS.get();
        w.reserve(end + 1, 1);
        int labels = hash(domain, end, w.keys, 0);
        long[] keys = w.keys;
        long base = 0;
        boolean spread = false;
        for (int k = 0; k < labels; k++) {
            long key = DomainKeys.finish(keys[k]);
            if (k < 2 || spread) {
                base = key;
            }
            if (k == 1 && heavy.size() > 0 && heavy.contains(key)) {
                spread = true;
            }
            if (domains.maybe(key, base) != 0) {
                int set = domains.get(key);
                if (set >= 0 && sets.intersects(set, mask)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the selected lists say about one domain. */
    public FilterResult lookup(String domain, Selection selection) {
        return lookup(domain, null, selection);
    }

    /**
     * What the selected lists say about a domain and its CNAME chain (either may be null or
     * empty). Allocation-free when nothing matches.
     *
     * <p>The work is ordered so that memory accesses overlap instead of queueing: every name is
     * touched first (the strings load together), then each name is hashed and its labels tested
     * against the Bloom filters without any branch on the result (the filter lines load while
     * the next name is hashed), and only then are the labels that passed looked up in the tables.
     */
    public FilterResult lookup(String domain, List<String> cnameChain, Selection selection) {
        Selection.Bound bound = selection.bind(this);
        int chain = cnameChain == null ? 0 : cnameChain.size();
        int names = 1 + chain;
        int capacity = domain == null ? 0 : domain.length() + 1;
        for (int i = 0; i < chain; i++) {
            String cname = cnameChain.get(i);
            capacity += cname == null ? 0 : cname.length() + 1;
        }
        Walk w = WALKS.get();
        w.reserve(capacity, names);
        boolean checkExceptions = domainExceptions.size() > 0;
        int[] offsets = w.nameOffsets;
        int[] counts = w.nameLabels;
        int labels = 0;
        int passed = 0;
        for (int j = 0; j < names; j++) {
            String name = j == 0 ? domain : cnameChain.get(j - 1);
            int end = name == null ? 0 : end(name);
            int n = end == 0 ? 0 : hash(name, end, w.keys, labels);
            offsets[j] = labels;
            counts[j] = n;
            passed |= filter(w, labels, n, checkExceptions);
            labels += n;
        }
        if (passed == 0) {
            // No label of any name is in a Bloom filter: the common answer, decided without the tables.
            return FilterResult.NONE;
        }
        long[] blockMask = bound.blockMask();
        long[] exceptionMask = bound.exceptionMask();
        long[] keys = w.keys;
        int[] flags = w.flags;
        w.matches = 0;
        List<FilterMatch> excepted = null;
        for (int j = 0; j < names; j++) {
            int before = w.matches;
            boolean cleared = false;
            for (int k = offsets[j], last = k + counts[j]; k < last; k++) {
                int f = flags[k];
                if (f == 0) {
                    continue;
                }
                if ((f & BLOCK) != 0) {
                    int set = domains.get(keys[k]);
                    if (set >= 0 && sets.intersects(set, blockMask)) {
                        w.match(j, k - offsets[j], set);
                    }
                }
                if ((f & EXCEPTION) != 0 && !cleared) {
                    int exceptionSet = domainExceptions.get(keys[k]);
                    cleared = exceptionSet >= 0 && sets.intersects(exceptionSet, exceptionMask);
                }
            }
            if (cleared && w.matches > before) {
                // A name both blocked and excepted (rare): record which exceptions cleared it.
                String name = j == 0 ? domain : cnameChain.get(j - 1);
                if (excepted == null) {
                    excepted = new ArrayList<>(2);
                }
                for (int k = offsets[j], last = k + counts[j]; k < last; k++) {
                    if ((flags[k] & EXCEPTION) != 0) {
                        int exceptionSet = domainExceptions.get(keys[k]);
                        if (exceptionSet >= 0 && sets.intersects(exceptionSet, exceptionMask)) {
                            addMatches(exceptionSet, exceptionMask, source(j), name, labelStart(name, k - offsets[j]),
                                    excepted);
                        }
                    }
                }
                w.matches = before;
            }
        }
        if (w.matches == 0) {
            return excepted == null ? FilterResult.NONE : new FilterResult(List.of(), excepted);
        }
        return new FilterResult(blocked(w, domain, cnameChain, blockMask), excepted == null ? List.of() : excepted);
    }

    /** What the selected lists say about an IP address. Allocation-free (beyond the address bytes) when nothing matches. */
    public FilterResult lookup(InetAddress address, Selection selection) {
        if (address == null || ips.size() == 0) {
            return FilterResult.NONE;
        }
        Selection.Bound bound = selection.bind(this);
        long key = IpKeys.key(address, seed);
        int set = ips.find(key, key);
        if (set < 0 || !sets.intersects(set, bound.blockMask())) {
            return FilterResult.NONE;
        }
        String text = address.getHostAddress();
        int exceptionSet = ipExceptions.find(key, key);
        if (exceptionSet >= 0 && sets.intersects(exceptionSet, bound.exceptionMask())) {
            List<FilterMatch> excepted = new ArrayList<>(1);
            addMatches(exceptionSet, bound.exceptionMask(), MatchSource.IP, text, text, excepted);
            return new FilterResult(List.of(), excepted);
        }
        List<FilterMatch> blocked = new ArrayList<>(1);
        addMatches(set, bound.blockMask(), MatchSource.IP, text, text, blocked);
        return new FilterResult(blocked, List.of());
    }

    /** The block matches recorded in {@code w} as list entries, parent domains first. */
    private List<FilterMatch> blocked(Walk w, String domain, List<String> cnameChain, long[] mask) {
        if (w.matches == 1 && mask.length == 1) {
            long bits = sets.word(w.matchSet[0], 0) & mask[0];
            if ((bits & (bits - 1)) == 0) {
                // The usual hit: one name, one list.
                int j = w.matchName[0];
                String name = j == 0 ? domain : cnameChain.get(j - 1);
                int index = Long.numberOfTrailingZeros(bits);
                return List.of(new FilterMatch(ids[index], categories[index], source(j), name,
                        labelStart(name, w.matchLabel[0])));
            }
        }
        List<FilterMatch> blocked = new ArrayList<>(w.matches + 1);
        for (int m = 0; m < w.matches; m++) {
            int j = w.matchName[m];
            String name = j == 0 ? domain : cnameChain.get(j - 1);
            addMatches(w.matchSet[m], mask, source(j), name, labelStart(name, w.matchLabel[m]), blocked);
        }
        return blocked;
    }

    private static MatchSource source(int name) {
        return name == 0 ? MatchSource.DOMAIN : MatchSource.CNAME;
    }

    /** The length of {@code name} without a trailing dot. */
    private static int end(String name) {
        int end = name.length();
        return end > 0 && name.charAt(end - 1) == '.' ? end - 1 : end;
    }

    /** Where label {@code label} (0 = the top-level label) of {@code name} starts: after the dot that ends the parent. */
    private static int labelStart(String name, int label) {
        int dots = 0;
        for (int i = end(name) - 1; i >= 0; i--) {
            if (name.charAt(i) == '.' && ++dots > label) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Marks in {@link Walk#flags} a label that may be in the block table. */
    private static final int BLOCK = 1;
    /** Marks in {@link Walk#flags} a label that may be in the exception table. */
    private static final int EXCEPTION = 2;

    /**
     * Hashes {@code name[0, end)} from the right and stores, from index {@code at} of {@code states},
     * the hash state at each dot: the top-level suffix first, the whole name last (finish them
     * with {@link DomainKeys#finish}). Returns the number of labels.
     *
     * <p>No branch depends on the characters: the state is written at every character and the
     * write position moves on only at a dot, so dots cost no mispredicted branches; one table
     * load gives both the lower-case character and whether it is a dot.
     */
    private int hash(String name, int end, long[] states, int at) {
        int[] chars = DomainKeys.CHARS;
        long h = seed;
        int n = at;
        for (int i = end - 1; i >= 0; i--) {
            int c = chars[Math.min(name.charAt(i), DomainKeys.CHARS_MAX)];
            states[n] = h;
            n += c >>> DomainKeys.DOT_SHIFT;
            h = DomainKeys.step(h, c & DomainKeys.CHAR_MASK);
        }
        states[n] = h;
        return n + 1 - at;
    }

    /**
     * Turns the states of labels {@code [at, at + n)} into keys and tests each against the Bloom
     * filters, without branching on the answers (so the filter loads of several labels and names
     * are under way together). Returns the flags or-ed together: zero when no label can be in a table.
     */
    private int filter(Walk w, int at, int n, boolean checkExceptions) {
        long[] keys = w.keys;
        int[] flags = w.flags;
        long base = 0;
        boolean spread = false;
        int any = 0;
        for (int k = 0; k < n; k++) {
            long key = DomainKeys.finish(keys[at + k]);
            if (k < 2 || spread) {
                base = key;
            }
            if (k == 1 && heavy.size() > 0 && heavy.contains(key)) {
                // Entries below a crowded base were filed under their own keys.
                spread = true;
            }
            keys[at + k] = key;
            int f = domains.maybe(key, base);
            if (checkExceptions) {
                f |= domainExceptions.maybe(key, base) << 1;
            }
            flags[at + k] = f;
            any |= f;
        }
        return any;
    }

    /** Adds a match for every list of {@code set} in {@code mask}; the entry is {@code name} from {@code entryFrom} on. */
    private void addMatches(int set, long[] mask, MatchSource source, String name, int entryFrom, List<FilterMatch> out) {
        for (int w = 0; w < mask.length; w++) {
            long bits = sets.word(set, w) & mask[w];
            while (bits != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                out.add(new FilterMatch(ids[index], categories[index], source, name, entryFrom));
            }
        }
    }

    private void addMatches(int set, long[] mask, MatchSource source, String name, String entry,
                            List<FilterMatch> out) {
        for (int w = 0; w < mask.length; w++) {
            long bits = sets.word(set, w) & mask[w];
            while (bits != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                out.add(new FilterMatch(ids[index], categories[index], source, name, entry));
            }
        }
    }

    /**
     * Per-thread scratch of a lookup, reused so that a lookup allocates nothing but its result:
     * for every label of every name the key of the suffix that ends there and whether the Bloom
     * filters may hold it; per name where its labels are; then the block matches found, each as
     * (name, label, list set). Holds no references, so nothing is kept alive through it.
     */
    private static final class Walk {
        long[] keys = new long[128];
        int[] flags = new int[128];
        int[] nameOffsets = new int[8];
        int[] nameLabels = new int[8];
        int[] matchName = new int[8];
        int[] matchLabel = new int[8];
        int[] matchSet = new int[8];
        int matches;

        /** Makes room for {@code labels} labels (at most one per character plus one) of {@code names} names. */
        void reserve(int labels, int names) {
            if (labels > keys.length) {
                int size = Math.max(labels, keys.length * 2);
                keys = new long[size];
                flags = new int[size];
            }
            if (names > nameOffsets.length) {
                int size = Math.max(names, nameOffsets.length * 2);
                nameOffsets = new int[size];
                nameLabels = new int[size];
            }
        }

        void match(int name, int label, int set) {
            if (matches == matchName.length) {
                matchName = Arrays.copyOf(matchName, matches * 2);
                matchLabel = Arrays.copyOf(matchLabel, matches * 2);
                matchSet = Arrays.copyOf(matchSet, matches * 2);
            }
            matchName[matches] = name;
            matchLabel[matches] = label;
            matchSet[matches] = set;
            matches++;
        }
    }

    private static final ThreadLocal<Walk> WALKS = ThreadLocal.withInitial(Walk::new);

    /** Resolves selection names to masks for this snapshot. */
    Selection.Bound resolve(Set<String> names, boolean all) {
        int words = sets.wordsPerSet();
        long[] block = new long[words];
        Set<String> unknown = new LinkedHashSet<>();
        if (all) {
            System.arraycopy(allMask, 0, block, 0, words);
        } else {
            for (String name : names) {
                // The one matching rule of selections (Selection#selects): a name selects the
                // list with that id and the lists of that category, whatever the case.
                Integer index = indexById.get(name);
                if (index == null) {
                    index = indexById.get(name.toUpperCase(java.util.Locale.ROOT));
                }
                long[] categoryMask = masksByCategory.get(name);
                if (categoryMask == null) {
                    categoryMask = masksByCategory.get(name.toLowerCase(java.util.Locale.ROOT));
                }
                if (index != null) {
                    block[index >>> 6] |= 1L << index;
                }
                if (categoryMask != null) {
                    for (int w = 0; w < words; w++) {
                        block[w] |= categoryMask[w];
                    }
                }
                if (index == null && categoryMask == null) {
                    unknown.add(name);
                }
            }
        }
        long[] exception = new long[words];
        for (int w = 0; w < words; w++) {
            // Unbreak lists never block; they only clear blocks.
            block[w] &= ~allowMask[w];
            exception[w] = block[w] | allowMask[w];
        }
        return new Selection.Bound(this, block, exception, Collections.unmodifiableSet(unknown));
    }
}
