package org.netreeve.intel.filterlists;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads list files: expands sources (file, directory, glob), undoes gzip, splits lines and feeds
 * them to a {@link LineParser}, counting what each file produced.
 */
final class ListFileLoader {

    /** Lines longer than this are malformed (no list has such lines; it guards memory). */
    static final int MAX_LINE = 8192;

    private ListFileLoader() {
    }

    /**
     * The files a source names: the file itself; every regular, non-hidden file below a directory
     * (sorted); or the files of the parent directory whose names match a glob in the last element.
     */
    static List<Path> expand(Path source, List<String> warnings, String listId) {
        String last = source.getFileName() == null ? "" : source.getFileName().toString();
        if (last.contains("*") || last.contains("?") || last.contains("[") || last.contains("{")) {
            Path dir = source.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                warnings.add("list " + listId + ": directory of source " + source + " does not exist");
                return List.of();
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + last);
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    if (Files.isRegularFile(p) && matcher.matches(p.getFileName())) {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                warnings.add("list " + listId + ": cannot read directory " + dir + ": " + e.getMessage());
            }
            files.sort(null);
            if (files.isEmpty()) {
                warnings.add("list " + listId + ": no file matches source " + source);
            }
            return files;
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                List<Path> files = walk.filter(Files::isRegularFile)
                        .filter(p -> !isHidden(source, p))
                        .sorted()
                        .toList();
                if (files.isEmpty()) {
                    warnings.add("list " + listId + ": directory " + source + " holds no files");
                }
                return files;
            } catch (IOException | RuntimeException e) {
                warnings.add("list " + listId + ": cannot read directory " + source + ": " + e.getMessage());
                return List.of();
            }
        }
        if (!Files.exists(source)) {
            warnings.add("list " + listId + ": source " + source + " does not exist");
            return List.of();
        }
        return List.of(source);
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Receives the entries of a file. */
    interface Entries {
        void domain(long key, long base, boolean exception);

        void ip(long key, boolean exception);
    }

    /** Reads one file; I/O errors end the file early and become a warning, never an exception. */
    static FileReport load(Path file, LineParser parser, ListKind kind, Entries entries, List<String> warnings,
                           String listId) {
        Counter counter = new Counter(file, kind, entries);
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1F && b1 == 0x8B) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            readLines(in, parser, counter);
        } catch (IOException | RuntimeException e) {
            warnings.add("list " + listId + ": reading " + file + " stopped at line " + counter.line + ": " + e);
        }
        return counter.report();
    }

    /** Like {@link #load} for text already in memory. */
    static FileReport loadBytes(Path name, byte[] bytes, LineParser parser, ListKind kind, Entries entries,
                                List<String> warnings, String listId) {
        Counter counter = new Counter(name, kind, entries);
        try {
            readLines(new java.io.ByteArrayInputStream(bytes), parser, counter);
        } catch (IOException | RuntimeException e) {
            warnings.add("list " + listId + ": reading " + name + " stopped at line " + counter.line + ": " + e);
        }
        return counter.report();
    }

    private static void readLines(InputStream in, LineParser parser, Counter counter) throws IOException {
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        boolean first = true;
        boolean overlong = false;
        while (true) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                if (end > start || overlong) {
                    counter.line(buf, start, end, overlong, parser);
                }
                return;
            }
            end += n;
            if (first && end >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                start = 3;
            }
            if (end >= 3 || n == 0) {
                first = false;
            }
            int i = start;
            while (i < end) {
                if (buf[i] == '\n') {
                    int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    counter.line(buf, start, lineEnd, overlong, parser);
                    overlong = false;
                    start = i + 1;
                }
                i++;
            }
            if (end - start > MAX_LINE) {
                // Keep only the beginning of an overlong line, for the example text.
                overlong = true;
                System.arraycopy(buf, start, buf, 0, 128);
                start = 0;
                end = 128;
                continue;
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
        }
    }

    /** Counts a file's outcome and forwards its entries; one per file, single-threaded. */
    private static final class Counter implements LineParser.Sink {
        private final Path file;
        private final ListKind kind;
        private final Entries entries;
        private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        private final List<LineProblem> examples = new ArrayList<>();
        private long line;
        private long domains;
        private long exceptions;
        private long ips;
        private long malformed;
        private byte[] current;
        private int currentFrom;
        private int currentTo;

        Counter(Path file, ListKind kind, Entries entries) {
            this.file = file;
            this.kind = kind;
            this.entries = entries;
        }

        void line(byte[] b, int from, int to, boolean overlong, LineParser parser) {
            line++;
            current = b;
            currentFrom = from;
            currentTo = to;
            if (overlong) {
                malformed("line longer than " + MAX_LINE + " bytes");
                return;
            }
            parser.parse(b, from, to, this);
        }

        @Override
        public void domain(long key, long base, boolean exception) {
            boolean asException = exception || kind == ListKind.ALLOW;
            if (exception) {
                exceptions++;
            } else {
                domains++;
            }
            entries.domain(key, base, asException);
        }

        @Override
        public void ip(long key, boolean exception) {
            if (exception) {
                exceptions++;
            } else {
                ips++;
            }
            entries.ip(key, exception || kind == ListKind.ALLOW);
        }

        @Override
        public void skipped(SkipReason reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        @Override
        public void malformed(String reason) {
            malformed++;
            if (examples.size() < FileReport.MAX_EXAMPLES) {
                int length = Math.min(currentTo - currentFrom, 120);
                String text = new String(current, currentFrom, Math.max(0, length), StandardCharsets.UTF_8);
                examples.add(new LineProblem(file, line, reason, text));
            }
        }

        FileReport report() {
            return new FileReport(file, line, domains, exceptions, ips, skipped, malformed, examples);
        }
    }
}
