package org.netreeve.intel.filterlists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The lists of one index file (YAML or JSON, chosen by the file extension; {@code .json} is JSON,
 * anything else YAML). The format is documented in {@code docs/intel.md}:
 *
 * <pre>
 * lists:
 *   - id: ADS               # required, 1-16 of A-Z 0-9 - _
 *     name: EasyList        # optional, defaults to the id
 *     category: ads         # required, lower case
 *     description: ...      # optional
 *     kind: block           # block (default) or allow (an unbreak list)
 *     format: adblock       # auto (default), hosts, domains or adblock
 *     sources:              # files, directories, or globs in the last element;
 *       - easylist.txt      # relative paths resolve against the index file's directory
 * </pre>
 *
 * @param origin where the index came from (its path, or {@code builtin:NAME})
 * @param lists  the declared lists, in file order
 */
public record FilterListIndex(String origin, List<FilterListSpec> lists) {

    /** Name of the built-in index for the lists that Debian's webext-ublock-origin-firefox package installs. */
    public static final String DEBIAN_UBLOCK = "debian-ublock";

    /** Where Debian's webext-ublock-origin-firefox package installs uBlock Origin's filter lists. */
    public static final Path DEBIAN_UBLOCK_ASSETS = Path.of(
            "/usr/share/mozilla/extensions/{ec8030f7-c20a-464f-9b0e-13a3a9e97384}/uBlock0@raymondhill.net/assets");

    private static final JsonFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();

    public FilterListIndex {
        lists = List.copyOf(lists);
    }

    /** Reads an index file. */
    public static FilterListIndex load(Path file) throws FilterListIndexException {
        Path absolute = file.toAbsolutePath().normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(absolute);
        } catch (IOException e) {
            throw new FilterListIndexException(absolute + ": cannot read filter-list index: " + e.getMessage(), e);
        }
        boolean json = absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(absolute.toString(), bytes, json, absolute.getParent());
    }

    /**
     * Reads a built-in index by name ({@link #DEBIAN_UBLOCK}) or, when {@code nameOrPath} is not a
     * built-in name, the index file at that path.
     */
    public static FilterListIndex resolve(String nameOrPath) throws FilterListIndexException {
        if (DEBIAN_UBLOCK.equals(nameOrPath)) {
            return debianUblock();
        }
        return load(Path.of(nameOrPath));
    }

    /** The built-in index of the lists shipped by Debian's webext-ublock-origin-firefox package. */
    public static FilterListIndex debianUblock() throws FilterListIndexException {
        String resource = DEBIAN_UBLOCK + ".yaml";
        try (InputStream in = FilterListIndex.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the intel jar");
            }
            return parse("builtin:" + DEBIAN_UBLOCK, in.readAllBytes(), false, DEBIAN_UBLOCK_ASSETS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses index text; relative sources resolve against {@code baseDir}. */
    public static FilterListIndex parse(String origin, byte[] text, boolean json, Path baseDir)
            throws FilterListIndexException {
        JsonFactory factory = json ? JSON : YAML;
        List<FilterListSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (JsonParser p = factory.createParser(new String(text, StandardCharsets.UTF_8))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new FilterListIndex(origin, List.of());
            }
            if (t != JsonToken.START_OBJECT) {
                throw error(origin, p.currentTokenLocation(), "expected a map with the key 'lists'");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation keyAt = p.currentTokenLocation();
                if (!"lists".equals(key)) {
                    throw error(origin, keyAt, "unknown key '" + key + "' (expected 'lists')");
                }
                t = p.nextToken();
                if (t == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw error(origin, p.currentTokenLocation(), "'lists' must be a list of list entries");
                }
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    JsonLocation at = p.currentTokenLocation();
                    if (t != JsonToken.START_OBJECT) {
                        throw error(origin, at, "each entry of 'lists' must be a map with id, category and sources");
                    }
                    RawSpec raw = readEntry(origin, p);
                    FilterListSpec spec = toSpec(origin, at, raw, baseDir);
                    if (!ids.add(spec.id())) {
                        throw error(origin, at, "duplicate list id '" + spec.id() + "'");
                    }
                    specs.add(spec);
                }
            }
        } catch (JsonProcessingException e) {
            throw error(origin, e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new FilterListIndexException(origin + ": cannot read filter-list index: " + e.getMessage(), e);
        }
        return new FilterListIndex(origin, specs);
    }

    private static final List<String> KEYS = List.of("id", "name", "category", "description", "kind", "format", "sources");

    /** Reads one list entry key by key, so that every error can name the line of its key. */
    private static RawSpec readEntry(String origin, JsonParser p) throws IOException, FilterListIndexException {
        String[] values = new String[6];
        List<String> sources = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonLocation keyAt = p.currentTokenLocation();
            int slot = KEYS.indexOf(key);
            if (slot < 0) {
                throw error(origin, keyAt, "unknown key '" + key + "' (expected one of " + String.join(", ", KEYS) + ")");
            }
            t = p.nextToken();
            if (slot == 6) {
                sources = new ArrayList<>();
                if (t == JsonToken.START_ARRAY) {
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
                            throw error(origin, p.currentTokenLocation(), "each source must be a path");
                        }
                        sources.add(p.getText());
                    }
                } else if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                    sources.add(p.getText());
                } else {
                    throw error(origin, keyAt, "'sources' must be a path or a list of paths");
                }
            } else {
                if (!t.isScalarValue()) {
                    throw error(origin, keyAt, "'" + key + "' must be a single value");
                }
                values[slot] = t == JsonToken.VALUE_NULL ? null : p.getText();
            }
        }
        return new RawSpec(values[0], values[1], values[2], values[3], values[4], values[5], sources);
    }

    private static FilterListSpec toSpec(String origin, JsonLocation at, RawSpec raw, Path baseDir)
            throws FilterListIndexException {
        if (raw.id() == null || raw.id().isBlank()) {
            throw error(origin, at, "list entry without 'id'");
        }
        if (raw.category() == null || raw.category().isBlank()) {
            throw error(origin, at, "list " + raw.id() + " has no 'category'");
        }
        if (raw.sources() == null || raw.sources().isEmpty()) {
            throw error(origin, at, "list " + raw.id() + " has no 'sources'");
        }
        ListKind kind;
        try {
            kind = raw.kind() == null ? ListKind.BLOCK : ListKind.valueOf(raw.kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(origin, at, "list " + raw.id() + ": unknown kind '" + raw.kind() + "' (expected block or allow)");
        }
        try {
            ListFormat format = raw.format() == null ? ListFormat.AUTO : ListFormat.parse(raw.format());
            List<Path> sources = new ArrayList<>();
            for (String s : raw.sources()) {
                if (s == null || s.isBlank()) {
                    throw new IllegalArgumentException("empty source path");
                }
                Path p = Path.of(s);
                sources.add((p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p)).toAbsolutePath().normalize());
            }
            String name = raw.name() == null || raw.name().isBlank() ? raw.id() : raw.name();
            return new FilterListSpec(raw.id(), name, raw.category(), raw.description(), kind, format, sources,
                    origin + ":" + at.getLineNr());
        } catch (IllegalArgumentException e) {
            throw error(origin, at, "list " + raw.id() + ": " + e.getMessage());
        }
    }

    private static FilterListIndexException error(String origin, JsonLocation at, String message) {
        String where = at == null || at.getLineNr() < 0 ? origin : origin + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new FilterListIndexException(where + ": " + message);
    }

    /** The index entry as written; validated into a {@link FilterListSpec}. */
    private record RawSpec(String id, String name, String category, String description, String kind, String format,
                           List<String> sources) {
    }
}
