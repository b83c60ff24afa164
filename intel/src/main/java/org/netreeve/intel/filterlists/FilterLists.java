package org.netreeve.intel.filterlists;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
        return domain != null && hasHit(domain, domains, selection.bind(this).blockMask());
    }

    /** What the selected lists say about one domain. */
    public FilterResult lookup(String domain, Selection selection) {
        return lookup(domain, List.of(), selection);
    }

    /**
     * What the selected lists say about a domain and its CNAME chain (either may be null or
     * empty). Allocation-free when nothing matches.
     */
    public FilterResult lookup(String domain, List<String> cnameChain, Selection selection) {
        Selection.Bound bound = selection.bind(this);
        Matches matches = null;
        if (domain != null) {
            matches = judge(domain, MatchSource.DOMAIN, bound, null);
        }
        if (cnameChain != null) {
            for (int i = 0, n = cnameChain.size(); i < n; i++) {
                String cname = cnameChain.get(i);
                if (cname != null) {
                    matches = judge(cname, MatchSource.CNAME, bound, matches);
                }
            }
        }
        return matches == null ? FilterResult.NONE : matches.result();
    }

    /** What the selected lists say about an IP address. Allocation-free (beyond the address bytes) when nothing matches. */
    public FilterResult lookup(InetAddress address, Selection selection) {
        if (address == null || ips.size() == 0) {
            return FilterResult.NONE;
        }
        Selection.Bound bound = selection.bind(this);
        long key = IpLiterals.key(address, seed);
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

    /** Matches found so far in one lookup; created at the first match, so a miss allocates nothing. */
    private static final class Matches {
        FilterMatch[] blocked = new FilterMatch[2];
        int blockedCount;
        List<FilterMatch> excepted;

        void block(FilterMatch m) {
            if (blockedCount == blocked.length) {
                blocked = java.util.Arrays.copyOf(blocked, blockedCount * 2);
            }
            blocked[blockedCount++] = m;
        }

        void except(FilterMatch m) {
            if (excepted == null) {
                excepted = new ArrayList<>(2);
            }
            excepted.add(m);
        }

        FilterResult result() {
            List<FilterMatch> b = switch (blockedCount) {
                case 0 -> List.of();
                case 1 -> List.of(blocked[0]);
                default -> List.of(java.util.Arrays.copyOf(blocked, blockedCount));
            };
            return new FilterResult(b, excepted == null ? List.of() : excepted);
        }
    }

    /**
     * Adds the block matches of one name, or the exceptions that clear them. One pass over the
     * name probes both tables; only a name that is both blocked and excepted (rare) is walked
     * again to record which exception cleared it.
     */
    private Matches judge(String name, MatchSource source, Selection.Bound bound, Matches matches) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0) {
            return matches;
        }
        long[] blockMask = bound.blockMask();
        long[] exceptionMask = bound.exceptionMask();
        boolean checkExceptions = domainExceptions.size() > 0;
        boolean excepted = false;
        boolean upper = false;
        int before = matches == null ? 0 : matches.blockedCount;
        long h = seed;
        int labels = 0;
        long base = 0;
        boolean spread = false;
        for (int i = end - 1; i >= -1; i--) {
            int c = i >= 0 ? name.charAt(i) : '.';
            if (c == '.') {
                long key = DomainKeys.finish(h);
                if (++labels <= 2 || spread) {
                    base = key;
                }
                if (labels == 2 && heavy.size() > 0 && heavy.contains(key)) {
                    spread = true;
                }
                int set = domains.find(key, base);
                if (set >= 0 && sets.intersects(set, blockMask)) {
                    if (matches == null) {
                        matches = new Matches();
                    }
                    addBlocks(set, blockMask, source, name, entry(name, i + 1, end, upper), matches);
                }
                if (checkExceptions && !excepted) {
                    int exceptionSet = domainExceptions.find(key, base);
                    excepted = exceptionSet >= 0 && sets.intersects(exceptionSet, exceptionMask);
                }
            }
            if (i >= 0) {
                int lower = DomainKeys.lower(c);
                upper |= lower != c;
                h = DomainKeys.step(h, lower);
            }
        }
        if (excepted && matches != null && matches.blockedCount > before) {
            collect(name, source, domainExceptions, exceptionMask, matches);
            java.util.Arrays.fill(matches.blocked, before, matches.blockedCount, null);
            matches.blockedCount = before;
        }
        return matches;
    }

    /** The matched suffix as an entry name, lower case, without copying when it is the whole name. */
    private static String entry(String name, int from, int end, boolean upper) {
        String entry = from == 0 && end == name.length() ? name : name.substring(from, end);
        return upper ? entry.toLowerCase(Locale.ROOT) : entry;
    }

    /** Probes {@code name} and each parent domain; true at the first key in a masked list. */
    private boolean hasHit(String name, KeyTable table, long[] mask) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        long h = seed;
        int labels = 0;
        long base = 0;
        boolean spread = false;
        for (int i = end - 1; i >= -1; i--) {
            int c = i >= 0 ? name.charAt(i) : '.';
            if (c == '.') {
                long key = DomainKeys.finish(h);
                if (++labels <= 2 || spread) {
                    base = key;
                }
                if (labels == 2 && heavy.size() > 0 && heavy.contains(key)) {
                    spread = true;
                }
                int set = table.find(key, base);
                if (set >= 0 && sets.intersects(set, mask)) {
                    return true;
                }
            }
            if (i >= 0) {
                h = DomainKeys.step(h, DomainKeys.lower(c));
            }
        }
        return false;
    }

    /** Records every exception (masked list of a matching suffix) of {@code name}; the rare path. */
    private void collect(String name, MatchSource source, KeyTable table, long[] mask, Matches matches) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        long h = seed;
        int labels = 0;
        long base = 0;
        boolean spread = false;
        for (int i = end - 1; i >= -1; i--) {
            int c = i >= 0 ? name.charAt(i) : '.';
            if (c == '.') {
                long key = DomainKeys.finish(h);
                if (++labels <= 2 || spread) {
                    base = key;
                }
                if (labels == 2 && heavy.size() > 0 && heavy.contains(key)) {
                    spread = true;
                }
                int set = table.find(key, base);
                if (set >= 0 && sets.intersects(set, mask)) {
                    List<FilterMatch> found = new ArrayList<>(1);
                    addMatches(set, mask, source, name, name.substring(i + 1, end).toLowerCase(Locale.ROOT), found);
                    for (FilterMatch m : found) {
                        matches.except(m);
                    }
                }
            }
            if (i >= 0) {
                h = DomainKeys.step(h, DomainKeys.lower(c));
            }
        }
    }

    private void addBlocks(int set, long[] mask, MatchSource source, String name, String entry, Matches matches) {
        for (int w = 0; w < mask.length; w++) {
            long bits = sets.word(set, w) & mask[w];
            while (bits != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                ListInfo info = lists.get(index);
                matches.block(new FilterMatch(info.id(), info.category(), source, name, entry));
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
                ListInfo info = lists.get(index);
                out.add(new FilterMatch(info.id(), info.category(), source, name, entry));
            }
        }
    }

    /** Resolves selection names to masks for this snapshot. */
    Selection.Bound resolve(Set<String> names, boolean all) {
        int words = sets.wordsPerSet();
        long[] block = new long[words];
        Set<String> unknown = new LinkedHashSet<>();
        if (all) {
            System.arraycopy(allMask, 0, block, 0, words);
        } else {
            for (String name : names) {
                Integer index = indexById.get(name);
                long[] categoryMask = masksByCategory.get(name);
                if (index != null) {
                    block[index >>> 6] |= 1L << index;
                } else if (categoryMask != null) {
                    for (int w = 0; w < words; w++) {
                        block[w] |= categoryMask[w];
                    }
                } else {
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
