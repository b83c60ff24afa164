package org.netreeve.intel.filterlists;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which lists apply: a set of list ids ({@code ADS}) and categories ({@code malware}), chosen
 * globally or per profile. Names match ids and categories regardless of case (ids are written
 * upper case and categories lower case by convention): {@link #selects} is that one rule. Unbreak
 * ({@link ListKind#ALLOW}) lists always apply and need not be selected.
 *
 * <p>A selection is a value the caller keeps (one per profile, say). The first lookup against a
 * snapshot of lists resolves it to bitmasks and caches them in the selection; later lookups
 * against the same snapshot pay one volatile read and one comparison. After an intel reload the
 * next lookup resolves it again.
 */
public final class Selection {

    /** Every loaded list. */
    public static final Selection ALL = new Selection(Set.of(), true);

    /** No block list (unbreak lists are irrelevant then). */
    public static final Selection NONE = new Selection(Set.of(), false);

    private final Set<String> names;
    private final boolean all;
    /** The masks for the last snapshot this selection was used with; replaced whole, never mutated. */
    private volatile Bound bound;

    private Selection(Set<String> names, boolean all) {
        this.names = names;
        this.all = all;
    }

    /** A selection of list ids and categories. */
    public static Selection of(Collection<String> idsAndCategories) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : idsAndCategories) {
            String trimmed = n.trim();
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        return new Selection(Set.copyOf(names), false);
    }

    public static Selection of(String... idsAndCategories) {
        return of(List.of(idsAndCategories));
    }

    public Set<String> names() {
        return names;
    }

    public boolean isAll() {
        return all;
    }

    /**
     * Whether {@code selection} (list ids and categories, as profiles and policy.yaml name them)
     * selects the list {@code listId} of {@code category}: the one matching rule, case-insensitive.
     *
     * @param category the list's category, or null
     */
    public static boolean selects(Collection<String> selection, String listId, String category) {
        for (String s : selection) {
            if (s.equalsIgnoreCase(listId) || (category != null && s.equalsIgnoreCase(category))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this selection selects the list {@code listId} of {@code category}; see {@link #selects}. */
    public boolean selects(String listId, String category) {
        return all || selects(names, listId, category);
    }

    /** Names that are neither a list id nor a category in {@code lists}: worth a warning. */
    public Set<String> unknownNames(FilterLists lists) {
        return bind(lists).unknown();
    }

    Bound bind(FilterLists lists) {
        Bound b = bound;
        if (b != null && b.owner() == lists) {
            return b;
        }
        b = lists.resolve(names, all);
        bound = b;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selection s && s.all == all && s.names.equals(names);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + (all ? 1 : 0);
    }

    @Override
    public String toString() {
        return all ? "Selection[all]" : "Selection" + names;
    }

    /** A selection resolved against one snapshot of lists. */
    record Bound(FilterLists owner, long[] blockMask, long[] exceptionMask, Set<String> unknown) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bound b && b.owner == owner && Arrays.equals(b.blockMask, blockMask)
                    && Arrays.equals(b.exceptionMask, exceptionMask);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(blockMask);
        }
    }
}
