package org.netreeve.intel.filterlists;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the selected filter lists say about one connection.
 *
 * @param blocked   the block-list matches that survived exceptions; empty when nothing blocks
 * @param excepted  exceptions (unbreak lists, {@code @@} rules) that cancelled a block match, for the audit
 */
public record FilterResult(List<FilterMatch> blocked, List<FilterMatch> excepted) {

    /** The shared answer for "no list matched"; lookups return it without allocating. */
    public static final FilterResult NONE = new FilterResult(List.of(), List.of());

    public FilterResult {
        blocked = List.copyOf(blocked);
        excepted = List.copyOf(excepted);
    }

    public boolean isBlocked() {
        return !blocked.isEmpty();
    }

    /** Ids of the lists that block, in match order, without duplicates. */
    public Set<String> listIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (FilterMatch m : blocked) {
            ids.add(m.listId());
        }
        return ids;
    }

    /** Categories of the lists that block, in match order, without duplicates. */
    public Set<String> categories() {
        Set<String> categories = new LinkedHashSet<>();
        for (FilterMatch m : blocked) {
            categories.add(m.category());
        }
        return categories;
    }

    /** Combines two results, e.g. the domain part and the IP part of one connection. */
    public FilterResult plus(FilterResult other) {
        if (other.blocked.isEmpty() && other.excepted.isEmpty()) {
            return this;
        }
        if (blocked.isEmpty() && excepted.isEmpty()) {
            return other;
        }
        return new FilterResult(concat(blocked, other.blocked), concat(excepted, other.excepted));
    }

    private static List<FilterMatch> concat(List<FilterMatch> a, List<FilterMatch> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        var all = new java.util.ArrayList<FilterMatch>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
