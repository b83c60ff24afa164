package org.netreeve.intel.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic made-up domains for the benchmarks: realistic shapes, never real names. */
final class GeneratedLists {

    private static final String[] TLDS = {"com", "net", "org", "de", "io", "co.uk", "info", "xyz", "fr", "ru",
        "com.br", "nl", "it", "es", "pl", "jp", "cn", "online", "site", "top"};
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private GeneratedLists() {
    }

    /** The {@code i}-th listed domain of a generated list (same seed, same domain). */
    static String listed(long seed, int i) {
        // Mixed, not merely offset: neighbouring seeds would give overlapping random streams.
        SplittableRandom r = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + i));
        StringBuilder b = new StringBuilder(32);
        if (r.nextInt(4) == 0) {
            label(r, b, 3, 8);
            b.append('.');
        }
        label(r, b, 6, 14);
        b.append('.').append(TLDS[r.nextInt(TLDS.length)]);
        return b.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A domain that is (almost surely) in no generated list: same shape, other random stream. */
    static String unlisted(SplittableRandom r) {
        StringBuilder b = new StringBuilder(40);
        b.append("www.");
        label(r, b, 6, 14);
        b.append("-u.").append(TLDS[r.nextInt(TLDS.length)]);
        return b.toString();
    }

    private static void label(SplittableRandom r, StringBuilder b, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        for (int k = 0; k < n; k++) {
            b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
    }

    /** Writes {@code count} generated domains as a plain domain list. */
    static Path write(Path file, long seed, int count) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("# generated benchmark list\n");
            for (int i = 0; i < count; i++) {
                w.write(listed(seed, i));
                w.write('\n');
            }
        }
        return file;
    }
}
