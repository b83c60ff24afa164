package org.netreeve.intel.filterlists;

import java.nio.file.Path;

/**
 * A line of a list file that could not be used.
 *
 * @param file   the list file
 * @param line   1-based line number
 * @param reason what was wrong
 * @param text   the line, shortened to at most 120 characters
 */
public record LineProblem(Path file, long line, String reason, String text) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason + ": " + text;
    }
}
