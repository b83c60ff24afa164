package org.netreeve.intel.filterlists;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One list declared in an index file.
 *
 * @param id          short upper-case id that profiles and endpoint rules use ({@code ADS}, {@code TRAC}, {@code MAL})
 * @param name        human name
 * @param category    lower-case category ({@code ads}, {@code trackers}, {@code malware}, ...)
 * @param description free text, may be empty
 * @param kind        block list or unbreak (allow) list
 * @param format      syntax of the source files
 * @param sources     files, directories or globs (in the last path element), absolute
 * @param origin      where the list was declared ({@code index.yaml:12}), for messages
 */
public record FilterListSpec(String id, String name, String category, String description, ListKind kind,
                             ListFormat format, List<Path> sources, String origin) {

    static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,15}");
    static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public FilterListSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(origin, "origin");
        description = description == null ? "" : description;
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("list id '" + id
                    + "' must be 1-16 upper-case letters, digits, '-' or '_' (like ADS or TRAC)");
        }
        if (!CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException("category '" + category
                    + "' must be lower-case letters, digits, '-' or '_' (like ads or malware)");
        }
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("list " + id + " has no sources");
        }
        for (Path p : sources) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("source " + p + " of list " + id + " is not absolute");
            }
        }
    }
}
