package org.netreeve.intel.filterlists;

import java.util.Objects;

/**
 * One list that matched a connection.
 *
 * @param listId   the list's id, e.g. {@code ADS}
 * @param category the list's category, e.g. {@code ads}
 * @param source   which name matched: the domain, a CNAME or the IP
 * @param name     the matched name as looked up (domain, CNAME or IP text)
 * @param entry    the list entry that matched: {@code name} itself or one of its parent domains
 */
public record FilterMatch(String listId, String category, MatchSource source, String name, String entry) {
    public FilterMatch {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entry, "entry");
    }

    /** A short human explanation, e.g. {@code list ADS (ads) via CNAME tracker.example.net (entry example.net)}. */
    public String explain() {
        String via = switch (source) {
            case DOMAIN -> "domain";
            case CNAME -> "CNAME";
            case IP -> "IP";
        };
        return "list " + listId + " (" + category + ") via " + via + " " + name
                + (entry.equals(name) ? "" : " (entry " + entry + ")");
    }
}
