package org.netreeve.intel.update;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The signed list of a bundle's files. Text, one item per line, LF endings, files sorted by path:
 *
 * <pre>
 * netreeve-intel-bundle 1
 * created 2025-11-22T10:15:30Z
 * signer 1a2b3c4d5e6f7081
 * file &lt;sha256 hex&gt; &lt;size&gt; &lt;path&gt;
 * ...
 * </pre>
 *
 * @param created when the bundle was signed; installing an older bundle than the installed one is a rollback
 * @param signer  id of the signing key ({@link VerifyKey#id()})
 * @param files   the files, sorted by path
 */
public record BundleManifest(Instant created, String signer, List<FileEntry> files) {

    static final String HEADER = "netreeve-intel-bundle 1";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    /**
     * One file of a bundle.
     *
     * @param path   relative path with {@code /} separators
     * @param size   size in bytes
     * @param sha256 lower-case hex SHA-256 of the content
     */
    public record FileEntry(String path, long size, String sha256) {
        public FileEntry {
            checkPath(path);
            if (size < 0) {
                throw new IllegalArgumentException("negative size of " + path);
            }
            if (!HEX64.matcher(sha256).matches()) {
                throw new IllegalArgumentException("bad SHA-256 of " + path);
            }
        }
    }

    public BundleManifest {
        Objects.requireNonNull(created, "created");
        if (!KEY_ID.matcher(signer).matches()) {
            throw new IllegalArgumentException("bad signer id '" + signer + "'");
        }
        files = List.copyOf(files);
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i - 1).path().compareTo(files.get(i).path()) >= 0) {
                throw new IllegalArgumentException("files not sorted or duplicated at " + files.get(i).path());
            }
        }
    }

    /** The canonical text, the exact bytes that are signed. */
    public byte[] format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n')
                .append("created ").append(created.truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("signer ").append(signer).append('\n');
        for (FileEntry f : files) {
            out.append("file ").append(f.sha256()).append(' ').append(f.size()).append(' ').append(f.path()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses manifest bytes; refuses anything that is not exactly the canonical form. */
    public static BundleManifest parse(byte[] bytes) throws BundleException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw malformed(0, "does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3 || !lines[0].equals(HEADER)) {
            throw malformed(1, "expected '" + HEADER + "'");
        }
        if (!lines[1].startsWith("created ")) {
            throw malformed(2, "expected 'created <time>'");
        }
        if (!lines[2].startsWith("signer ")) {
            throw malformed(3, "expected 'signer <key id>'");
        }
        try {
            Instant created = Instant.parse(lines[1].substring("created ".length()));
            List<FileEntry> files = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                String[] parts = lines[i].split(" ", 4);
                if (parts.length != 4 || !parts[0].equals("file")) {
                    throw malformed(i + 1, "expected 'file <sha256> <size> <path>'");
                }
                try {
                    files.add(new FileEntry(parts[3], Long.parseLong(parts[2]), parts[1]));
                } catch (IllegalArgumentException e) {
                    throw malformed(i + 1, e.getMessage());
                }
            }
            BundleManifest manifest = new BundleManifest(created, lines[2].substring("signer ".length()), files);
            if (!java.util.Arrays.equals(manifest.format(), bytes)) {
                throw malformed(0, "not in canonical form");
            }
            return manifest;
        } catch (DateTimeParseException e) {
            throw malformed(2, "bad time: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw malformed(0, e.getMessage());
        }
    }

    private static BundleException malformed(int line, String message) {
        return new BundleException(BundleException.Reason.MALFORMED,
                IntelBundles.MANIFEST + (line > 0 ? ":" + line : "") + ": " + message);
    }

    /** Relative, normalised, no {@code .}/{@code ..}, no control characters, not the manifest itself. */
    static void checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("bad path '" + path + "'");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("bad path '" + path + "'");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new IllegalArgumentException("control character in path '" + path.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        if (path.equals(IntelBundles.MANIFEST) || path.equals(IntelBundles.SIGNATURE)) {
            throw new IllegalArgumentException("path '" + path + "' is reserved");
        }
    }
}
