package org.netreeve.intel.filterlists;

import java.util.List;

/**
 * What loading one list produced.
 *
 * @param id       the list id
 * @param files    one report per file read
 * @param warnings problems with the list's sources (missing file, unreadable file)
 */
public record ListReport(String id, List<FileReport> files, List<String> warnings) {
    public ListReport {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    public long domains() {
        return files.stream().mapToLong(FileReport::domains).sum();
    }

    public long exceptions() {
        return files.stream().mapToLong(FileReport::exceptions).sum();
    }

    public long ips() {
        return files.stream().mapToLong(FileReport::ips).sum();
    }

    public long malformed() {
        return files.stream().mapToLong(FileReport::malformed).sum();
    }

    public long skipped() {
        return files.stream().mapToLong(FileReport::skippedTotal).sum();
    }
}
