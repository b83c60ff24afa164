package org.netreeve.intel.filterlists;

/**
 * A loaded list: what the index declared and what loading it produced.
 *
 * @param spec   the declaration
 * @param report counts, malformed-line examples and source warnings
 */
public record ListInfo(FilterListSpec spec, ListReport report) {
    public String id() {
        return spec.id();
    }

    public String category() {
        return spec.category();
    }

    public ListKind kind() {
        return spec.kind();
    }
}
