package org.netreeve.intel.filterlists;

import java.util.Locale;
import java.util.Objects;

/**
 * One list that matched a connection: an immutable value with the accessors, {@code equals},
 * {@code hashCode} and {@code toString} of a record of its five components.
 *
 * <p>A lookup does not copy the matched entry out of the looked-up name: it keeps where the entry
 * starts and cuts it out the first time {@link #entry()} is asked for (the engine reads only the
 * list, category and name, so a blocked lookup allocates no substring).
 */
public final class FilterMatch {

    private final String listId;
    private final String category;
    private final MatchSource source;
    private final String name;
    /** Where the entry starts in {@code name}; -1 when it was given. */
    private final int entryFrom;
    /** The entry; null until first asked for when it is a part of {@code name}. A benign race: every thread computes the same string. */
    private String entry;

    /**
     * @param listId   the list's id, e.g. {@code ADS}
     * @param category the list's category, e.g. {@code ads}
     * @param source   which name matched: the domain, a CNAME or the IP
     * @param name     the matched name as looked up (domain, CNAME or IP text)
     * @param entry    the list entry that matched: {@code name} itself or one of its parent domains
     */
    public FilterMatch(String listId, String category, MatchSource source, String name, String entry) {
        this.listId = Objects.requireNonNull(listId, "listId");
        this.category = Objects.requireNonNull(category, "category");
        this.source = Objects.requireNonNull(source, "source");
        this.name = Objects.requireNonNull(name, "name");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.entryFrom = -1;
    }

    /**
     * A match whose entry is the part of {@code name} from {@code entryFrom} to its end (without a
     * trailing dot), in lower case; for the lookup, which has validated all four.
     */
    FilterMatch(String listId, String category, MatchSource source, String name, int entryFrom) {
        this.listId = listId;
        this.category = category;
        this.source = source;
        this.name = name;
        this.entryFrom = entryFrom;
    }

    /** The list's id, e.g. {@code ADS}. */
    public String listId() {
        return listId;
    }

    /** The list's category, e.g. {@code ads}. */
    public String category() {
        return category;
    }

    /** Which name matched: the domain, a CNAME or the IP. */
    public MatchSource source() {
        return source;
    }

    /** The matched name as looked up (domain, CNAME or IP text). */
    public String name() {
        return name;
    }

    /** The list entry that matched: {@code name} itself or one of its parent domains, lower case. */
    public String entry() {
        String e = entry;
        if (e == null) {
            e = suffix(name, entryFrom);
            entry = e;
        }
        return e;
    }

    /**
     * {@code name} from {@code from} on, without a trailing dot; lower-cased when it holds an ASCII
     * upper-case letter, and not copied when it is the whole name.
     */
    static String suffix(String name, int from) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        boolean upper = false;
        for (int i = from; i < end; i++) {
            char c = name.charAt(i);
            upper |= DomainKeys.lower(c) != c;
        }
        String s = from == 0 && end == name.length() ? name : name.substring(from, end);
        return upper ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** A short human explanation, e.g. {@code list ADS (ads) via CNAME tracker.example.net (entry example.net)}. */
    public String explain() {
        String via = switch (source) {
            case DOMAIN -> "domain";
            case CNAME -> "CNAME";
            case IP -> "IP";
        };
        String e = entry();
        return "list " + listId + " (" + category + ") via " + via + " " + name
                + (e.equals(name) ? "" : " (entry " + e + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FilterMatch m && listId.equals(m.listId) && category.equals(m.category)
                && source == m.source && name.equals(m.name) && entry().equals(m.entry());
    }

    @Override
    public int hashCode() {
        int h = listId.hashCode();
        h = 31 * h + category.hashCode();
        h = 31 * h + source.hashCode();
        h = 31 * h + name.hashCode();
        return 31 * h + entry().hashCode();
    }

    @Override
    public String toString() {
        return "FilterMatch[listId=" + listId + ", category=" + category + ", source=" + source + ", name=" + name
                + ", entry=" + entry() + "]";
    }
}
