package org.netreeve.intel.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.netreeve.intel.update.BundleException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing, verifying and installing intel bundles.
 *
 * <p>A bundle is a directory: the intel files (filter-list index and lists, .mmdb databases, in
 * any layout) plus {@value #MANIFEST}, which lists every file with size and SHA-256, and
 * {@value #SIGNATURE}, an Ed25519 signature over the manifest. Verification refuses unsigned,
 * wrongly signed or tampered bundles, and bundles with files the manifest does not list.
 *
 * <p>Installation keeps versions side by side and switches a symlink:
 * <pre>
 * target/
 *   current -&gt; versions/20251122T101530Z-1a2b3c4d5e6f
 *   versions/20251122T101530Z-1a2b3c4d5e6f/...
 *   versions/20251101T080000Z-0f0e0d0c0b0a/...   (previous, kept for readers still using it)
 * </pre>
 * A new version is copied (and hashed again while copying) into a staging directory, synced,
 * renamed into {@code versions/}, and {@code current} is replaced by {@code rename(2)} of a new
 * symlink: a reader that resolves {@code current} sees the old or the new version, never a mix.
 */
public final class IntelBundles {

    private static final Logger LOG = LoggerFactory.getLogger(IntelBundles.class);

    /** The manifest file at the bundle root. */
    public static final String MANIFEST = "MANIFEST";
    /** The signature file at the bundle root: {@code ed25519 <key id> <base64 signature>}. */
    public static final String SIGNATURE = "MANIFEST.sig";
    /** The symlink in an install target that names the installed version. */
    public static final String CURRENT = "current";
    static final String VERSIONS = "versions";
    /** Versions kept (the current one included) unless told otherwise. */
    public static final int DEFAULT_KEEP = 3;

    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private IntelBundles() {
    }

    /**
     * Signs a bundle directory in place: writes {@value #MANIFEST} and {@value #SIGNATURE}
     * (replacing earlier ones) for every other regular file below it.
     */
    public static BundleManifest sign(Path bundleDir, SigningKey key, Clock clock) throws IOException, BundleException {
        List<BundleManifest.FileEntry> files = new ArrayList<>();
        for (String path : listFiles(bundleDir)) {
            Path file = bundleDir.resolve(path);
            files.add(new BundleManifest.FileEntry(path, Files.size(file), sha256(file)));
        }
        BundleManifest manifest = new BundleManifest(clock.instant(), key.verifyKey().id(), files);
        byte[] bytes = manifest.format();
        byte[] signature = (("ed25519 " + key.verifyKey().id() + " "
                + Base64.getEncoder().encodeToString(key.sign(bytes))) + "\n").getBytes(StandardCharsets.US_ASCII);
        writeAtomically(bundleDir.resolve(MANIFEST), bytes);
        writeAtomically(bundleDir.resolve(SIGNATURE), signature);
        return manifest;
    }

    /** Checks signature and every file; throws for anything that is not exactly what was signed. */
    public static VerifiedBundle verify(Path bundleDir, VerifyKey key) throws IOException, BundleException {
        if (!Files.isDirectory(bundleDir)) {
            throw new BundleException(Reason.MALFORMED, bundleDir + " is not a bundle directory");
        }
        Path manifestFile = bundleDir.resolve(MANIFEST);
        Path signatureFile = bundleDir.resolve(SIGNATURE);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(signatureFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new BundleException(Reason.UNSIGNED, bundleDir + " is not signed: " + MANIFEST + " or " + SIGNATURE
                    + " is missing");
        }
        if (Files.size(manifestFile) > (16 << 20) || Files.size(signatureFile) > 1024) {
            throw new BundleException(Reason.MALFORMED, bundleDir + ": manifest or signature implausibly large");
        }
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        byte[] signatureBytes = Files.readAllBytes(signatureFile);
        String[] sig = new String(signatureBytes, StandardCharsets.US_ASCII).trim().split(" ");
        if (sig.length != 3 || !sig[0].equals("ed25519")) {
            throw new BundleException(Reason.MALFORMED, signatureFile + ": expected 'ed25519 <key id> <base64 signature>'");
        }
        if (!sig[1].equals(key.id())) {
            throw new BundleException(Reason.WRONG_KEY, bundleDir + " is signed by key " + sig[1]
                    + ", but the trusted key is " + key.id());
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig[2]);
        } catch (IllegalArgumentException e) {
            throw new BundleException(Reason.MALFORMED, signatureFile + ": signature is not base64");
        }
        if (!key.verify(manifestBytes, signature)) {
            throw new BundleException(Reason.BAD_SIGNATURE, bundleDir + ": the signature does not match " + MANIFEST
                    + " (the manifest was changed after signing, or signed by another key)");
        }
        BundleManifest manifest = BundleManifest.parse(manifestBytes);
        if (!manifest.signer().equals(key.id())) {
            throw new BundleException(Reason.WRONG_KEY, bundleDir + ": manifest names signer " + manifest.signer());
        }
        Set<String> listed = new HashSet<>();
        for (BundleManifest.FileEntry entry : manifest.files()) {
            listed.add(entry.path());
            Path file = bundleDir.resolve(entry.path());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new BundleException(Reason.MISSING_FILE, bundleDir + ": " + entry.path() + " is listed in "
                        + MANIFEST + " but missing");
            }
            if (Files.size(file) != entry.size() || !sha256(file).equals(entry.sha256())) {
                throw new BundleException(Reason.TAMPERED_FILE, bundleDir + ": " + entry.path()
                        + " differs from the signed manifest (size or SHA-256)");
            }
        }
        for (String path : listFiles(bundleDir)) {
            if (!listed.contains(path)) {
                throw new BundleException(Reason.UNEXPECTED_FILE, bundleDir + ": " + path + " is not in the signed "
                        + MANIFEST);
            }
        }
        return new VerifiedBundle(bundleDir, manifest, manifestBytes, signatureBytes);
    }

    /** {@link #install(Path, VerifyKey, Path, boolean, int)} without rollback, keeping {@value #DEFAULT_KEEP} versions. */
    public static InstallResult install(Path bundleDir, VerifyKey key, Path targetDir) throws IOException, BundleException {
        return install(bundleDir, key, targetDir, false, DEFAULT_KEEP);
    }

    /**
     * Verifies a bundle and installs it atomically under {@code targetDir}, then removes old
     * versions beyond {@code keep}. Installs into one target are serialised with a file lock.
     *
     * @param allowRollback install even when the bundle is older than the installed one
     */
    public static InstallResult install(Path bundleDir, VerifyKey key, Path targetDir, boolean allowRollback, int keep)
            throws IOException, BundleException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least the current version");
        }
        VerifiedBundle bundle = verify(bundleDir, key);
        Files.createDirectories(targetDir.resolve(VERSIONS));
        try (FileChannel lockFile = FileChannel.open(targetDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Path current = targetDir.resolve(CURRENT);
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(current)) {
                throw new IOException(current + " exists and is not a symlink; refusing to replace it");
            }
            BundleManifest previous = installedManifest(targetDir).orElse(null);
            String name = versionName(bundle);
            if (previous != null) {
                if (Files.isSymbolicLink(current) && Files.readSymbolicLink(current).equals(Path.of(VERSIONS, name))) {
                    return new InstallResult(targetDir.resolve(VERSIONS).resolve(name), bundle.manifest(), previous, true);
                }
                if (bundle.manifest().created().isBefore(previous.created()) && !allowRollback) {
                    throw new BundleException(Reason.ROLLBACK, bundleDir + " was signed at " + bundle.manifest().created()
                            + ", before the installed bundle (" + previous.created() + "); refusing a rollback");
                }
            }
            Path versions = targetDir.resolve(VERSIONS);
            Path staging = versions.resolve(".staging-" + HexFormat.of().formatHex(randomBytes()));
            Files.createDirectory(staging);
            try {
                copyVerified(bundle, staging);
                Path version = versions.resolve(name);
                if (Files.exists(version, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(version);
                }
                Files.move(staging, version, StandardCopyOption.ATOMIC_MOVE);
                fsyncDirectory(versions);
                Path link = targetDir.resolve(".current-" + HexFormat.of().formatHex(randomBytes()));
                Files.createSymbolicLink(link, Path.of(VERSIONS, name));
                Files.move(link, current, StandardCopyOption.ATOMIC_MOVE);
                fsyncDirectory(targetDir);
                LOG.info("installed intel bundle signed {} by {} as {}", bundle.manifest().created(),
                        bundle.manifest().signer(), version);
                prune(versions, name, keep);
                return new InstallResult(version, bundle.manifest(), previous, false);
            } finally {
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(staging);
                }
            }
        }
    }

    /** The version directory {@code targetDir/current} points to, resolved, if anything is installed. */
    public static Optional<Path> current(Path targetDir) throws IOException {
        Path current = targetDir.resolve(CURRENT);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        return Optional.of(current.toRealPath());
    }

    /** The manifest of the installed version, if any. */
    public static Optional<BundleManifest> installedManifest(Path targetDir) throws IOException {
        Optional<Path> current = current(targetDir);
        if (current.isEmpty() || !Files.isRegularFile(current.get().resolve(MANIFEST))) {
            return Optional.empty();
        }
        try {
            return Optional.of(BundleManifest.parse(Files.readAllBytes(current.get().resolve(MANIFEST))));
        } catch (BundleException e) {
            throw new IOException("installed manifest " + current.get().resolve(MANIFEST) + " is damaged: " + e.getMessage());
        }
    }

    private static String versionName(VerifiedBundle bundle) throws IOException {
        String hash = HexFormat.of().formatHex(digest(bundle.manifestBytes()), 0, 6);
        return VERSION_TIME.format(bundle.manifest().created()) + "-" + hash;
    }

    /** Copies every listed file, hashing it again on the way, so a file changed after verification is caught. */
    private static void copyVerified(VerifiedBundle bundle, Path staging) throws IOException, BundleException {
        for (BundleManifest.FileEntry entry : bundle.manifest().files()) {
            Path source = bundle.dir().resolve(entry.path());
            Path target = staging.resolve(entry.path());
            Files.createDirectories(target.getParent());
            MessageDigest sha = sha256Digest();
            long size = 0;
            try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream os = java.nio.channels.Channels.newOutputStream(out);
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                    os.write(buf, 0, n);
                    size += n;
                }
                out.force(true);
            }
            if (size != entry.size() || !HexFormat.of().formatHex(sha.digest()).equals(entry.sha256())) {
                throw new BundleException(Reason.TAMPERED_FILE, bundle.dir() + ": " + entry.path()
                        + " changed while it was being installed");
            }
        }
        writeSynced(staging.resolve(MANIFEST), bundle.manifestBytes());
        writeSynced(staging.resolve(SIGNATURE), bundle.signature());
        try (Stream<Path> dirs = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                fsyncDirectory(dir);
            }
        }
    }

    private static void prune(Path versions, String keepName, int keep) {
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(versions)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (n.startsWith(".staging-")) {
                    old.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", versions, e.toString());
            return;
        }
        try (Stream<Path> entries = Files.list(versions)) {
            List<Path> installed = entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals(keepName))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
            for (int i = keep - 1; i < installed.size(); i++) {
                old.add(installed.get(i));
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", versions, e.toString());
        }
        for (Path p : old) {
            try {
                deleteTree(p);
            } catch (IOException e) {
                LOG.warn("cannot remove old intel version {}: {}", p, e.toString());
            }
        }
    }

    /** Every file below {@code dir} except the manifest and signature, as sorted relative paths; refuses links. */
    private static List<String> listFiles(Path dir) throws IOException, BundleException {
        List<String> paths = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(dir, file);
                if (!attrs.isRegularFile()) {
                    bad.add(rel);
                } else if (!rel.equals(MANIFEST) && !rel.equals(SIGNATURE)) {
                    paths.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!bad.isEmpty()) {
            throw new BundleException(Reason.UNEXPECTED_FILE, dir + ": " + bad.get(0)
                    + " is a link or special file; bundles hold only regular files");
        }
        for (String p : paths) {
            try {
                BundleManifest.checkPath(p);
            } catch (IllegalArgumentException e) {
                throw new BundleException(Reason.UNEXPECTED_FILE, dir + ": " + e.getMessage());
            }
        }
        paths.sort(null);
        return paths;
    }

    private static String relative(Path root, Path file) {
        StringBuilder out = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256Digest();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] digest(byte[] bytes) {
        return sha256Digest().digest(bytes);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + HexFormat.of().formatHex(randomBytes()));
        try {
            writeSynced(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
