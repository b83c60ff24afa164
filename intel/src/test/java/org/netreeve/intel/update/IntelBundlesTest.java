package org.netreeve.intel.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.intel.update.BundleException.Reason;

class IntelBundlesTest {

    private static final SigningKey KEY = SigningKey.ofRaw(new byte[32]);
    private static final SigningKey OTHER = SigningKey.generate(new SecureRandom());

    @TempDir
    Path tmp;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    private Path bundle(String name, String version) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("index.yaml"), "lists: []\n# " + version + "\n");
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/ads.txt"), "ads." + version + ".example\n");
        Files.writeString(dir.resolve("version.txt"), version);
        return dir;
    }

    private static BundleException refused(Path dir, VerifyKey key, Reason reason) {
        BundleException e = assertThrows(BundleException.class, () -> IntelBundles.verify(dir, key));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void signsAndVerifiesABundle() throws Exception {
        Path dir = bundle("b", "v1");
        BundleManifest manifest = IntelBundles.sign(dir, KEY, at("2025-11-22T10:15:30Z"));
        assertEquals(List.of("index.yaml", "lists/ads.txt", "version.txt"),
                manifest.files().stream().map(BundleManifest.FileEntry::path).toList());
        assertEquals(KEY.verifyKey().id(), manifest.signer());
        String text = Files.readString(dir.resolve(IntelBundles.MANIFEST));
        assertTrue(text.startsWith("netreeve-intel-bundle 1\ncreated 2025-11-22T10:15:30Z\nsigner " + KEY.verifyKey().id()
                + "\nfile "), text);
        VerifiedBundle verified = IntelBundles.verify(dir, KEY.verifyKey());
        assertEquals(manifest, verified.manifest());
        assertEquals(manifest, BundleManifest.parse(manifest.format()));
    }

    @Test
    void refusesAnUnsignedBundle() throws Exception {
        Path dir = bundle("b", "v1");
        BundleException e = refused(dir, KEY.verifyKey(), Reason.UNSIGNED);
        assertTrue(e.getMessage().contains("is not signed"), e.getMessage());
        IntelBundles.sign(dir, KEY, at("2025-11-22T10:15:30Z"));
        Files.delete(dir.resolve(IntelBundles.SIGNATURE));
        refused(dir, KEY.verifyKey(), Reason.UNSIGNED);
    }

    @Test
    void refusesEveryKindOfTampering() throws Exception {
        Path dir = bundle("b", "v1");
        IntelBundles.sign(dir, KEY, at("2025-11-22T10:15:30Z"));

        Files.writeString(dir.resolve("lists/ads.txt"), "ads.v1.example\nevil.example\n");
        assertTrue(refused(dir, KEY.verifyKey(), Reason.TAMPERED_FILE).getMessage().contains("lists/ads.txt"));

        Files.writeString(dir.resolve("lists/ads.txt"), "ads.v2.example\n");
        refused(dir, KEY.verifyKey(), Reason.TAMPERED_FILE);
        Files.writeString(dir.resolve("lists/ads.txt"), "ads.v1.example\n");
        IntelBundles.verify(dir, KEY.verifyKey());

        Files.writeString(dir.resolve("lists/extra.txt"), "x\n");
        assertTrue(refused(dir, KEY.verifyKey(), Reason.UNEXPECTED_FILE).getMessage().contains("lists/extra.txt"));
        Files.delete(dir.resolve("lists/extra.txt"));

        Files.createSymbolicLink(dir.resolve("lists/link.txt"), Path.of("/etc/hostname"));
        refused(dir, KEY.verifyKey(), Reason.UNEXPECTED_FILE);
        Files.delete(dir.resolve("lists/link.txt"));

        byte[] original = Files.readAllBytes(dir.resolve("version.txt"));
        Files.delete(dir.resolve("version.txt"));
        refused(dir, KEY.verifyKey(), Reason.MISSING_FILE);
        Files.write(dir.resolve("version.txt"), original);

        String manifest = Files.readString(dir.resolve(IntelBundles.MANIFEST));
        Files.writeString(dir.resolve(IntelBundles.MANIFEST), manifest.replace("created 2025", "created 2026"));
        refused(dir, KEY.verifyKey(), Reason.BAD_SIGNATURE);
        Files.writeString(dir.resolve(IntelBundles.MANIFEST), manifest);
        IntelBundles.verify(dir, KEY.verifyKey());
    }

    @Test
    void refusesABundleSignedByAnotherKey() throws Exception {
        Path dir = bundle("b", "v1");
        IntelBundles.sign(dir, OTHER, at("2025-11-22T10:15:30Z"));
        BundleException e = refused(dir, KEY.verifyKey(), Reason.WRONG_KEY);
        assertTrue(e.getMessage().contains(OTHER.verifyKey().id()) && e.getMessage().contains(KEY.verifyKey().id()));
        // A signature file that lies about its key id still fails the signature check.
        String sig = Files.readString(dir.resolve(IntelBundles.SIGNATURE));
        Files.writeString(dir.resolve(IntelBundles.SIGNATURE), sig.replace(OTHER.verifyKey().id(), KEY.verifyKey().id()));
        refused(dir, KEY.verifyKey(), Reason.BAD_SIGNATURE);
    }

    @Test
    void installsASignedBundleAndSwapsAtomically() throws Exception {
        Path target = tmp.resolve("intel");
        Path v1 = bundle("v1", "v1");
        IntelBundles.sign(v1, KEY, at("2025-11-01T00:00:00Z"));
        InstallResult first = IntelBundles.install(v1, KEY.verifyKey(), target);
        assertFalse(first.unchanged());
        assertEquals(null, first.previous());
        Path current = IntelBundles.current(target).orElseThrow();
        assertEquals(first.current().toRealPath(), current);
        assertEquals("v1", Files.readString(current.resolve("version.txt")));
        IntelBundles.verify(current, KEY.verifyKey());
        assertTrue(Files.isSymbolicLink(target.resolve(IntelBundles.CURRENT)));
        assertFalse(Files.readSymbolicLink(target.resolve(IntelBundles.CURRENT)).isAbsolute(), "relative link");

        Path v2 = bundle("v2", "v2");
        IntelBundles.sign(v2, KEY, at("2025-11-02T00:00:00Z"));
        InstallResult second = IntelBundles.install(v2, KEY.verifyKey(), target);
        assertEquals(first.manifest(), second.previous());
        assertEquals("v2", Files.readString(target.resolve("current/version.txt")));
        assertTrue(Files.isDirectory(first.current()), "the previous version stays for readers still using it");

        assertTrue(IntelBundles.install(v2, KEY.verifyKey(), target).unchanged());

        BundleException rollback = assertThrows(BundleException.class, () -> IntelBundles.install(v1, KEY.verifyKey(), target));
        assertEquals(Reason.ROLLBACK, rollback.reason());
        assertEquals("v2", Files.readString(target.resolve("current/version.txt")));
        IntelBundles.install(v1, KEY.verifyKey(), target, true, IntelBundles.DEFAULT_KEEP);
        assertEquals("v1", Files.readString(target.resolve("current/version.txt")));
    }

    @Test
    void refusedInstallsLeaveTheCurrentVersionAlone() throws Exception {
        Path target = tmp.resolve("intel");
        Path v1 = bundle("v1", "v1");
        IntelBundles.sign(v1, KEY, at("2025-11-01T00:00:00Z"));
        IntelBundles.install(v1, KEY.verifyKey(), target);
        Path before = IntelBundles.current(target).orElseThrow();

        Path unsigned = bundle("unsigned", "evil");
        assertEquals(Reason.UNSIGNED, assertThrows(BundleException.class,
                () -> IntelBundles.install(unsigned, KEY.verifyKey(), target)).reason());
        Path tampered = bundle("tampered", "v3");
        IntelBundles.sign(tampered, KEY, at("2025-12-01T00:00:00Z"));
        Files.writeString(tampered.resolve("version.txt"), "evil");
        assertEquals(Reason.TAMPERED_FILE, assertThrows(BundleException.class,
                () -> IntelBundles.install(tampered, KEY.verifyKey(), target)).reason());
        Path wrongKey = bundle("wrong", "v4");
        IntelBundles.sign(wrongKey, OTHER, at("2025-12-01T00:00:00Z"));
        assertEquals(Reason.WRONG_KEY, assertThrows(BundleException.class,
                () -> IntelBundles.install(wrongKey, KEY.verifyKey(), target)).reason());

        assertEquals(before, IntelBundles.current(target).orElseThrow());
        assertEquals("v1", Files.readString(target.resolve("current/version.txt")));
        try (Stream<Path> versions = Files.list(target.resolve("versions"))) {
            assertEquals(1, versions.count(), "no staging directories left behind");
        }
    }

    @Test
    void keepsOnlyTheNewestVersions() throws Exception {
        Path target = tmp.resolve("intel");
        for (int i = 1; i <= 5; i++) {
            Path b = bundle("v" + i, "v" + i);
            IntelBundles.sign(b, KEY, at("2025-11-0" + i + "T00:00:00Z"));
            IntelBundles.install(b, KEY.verifyKey(), target, false, 2);
        }
        try (Stream<Path> versions = Files.list(target.resolve("versions"))) {
            List<String> names = versions.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.get(0).startsWith("20251104T000000Z-") && names.get(1).startsWith("20251105T000000Z-"));
        }
    }

    @Test
    void readersSeeTheOldOrTheNewVersionNeverAMix() throws Exception {
        Path target = tmp.resolve("intel");
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path b = Files.createDirectories(tmp.resolve("b" + i));
            Files.writeString(b.resolve("a.txt"), "version " + i);
            Files.writeString(b.resolve("b.txt"), "version " + i);
            IntelBundles.sign(b, KEY, Clock.fixed(Instant.parse("2025-11-01T00:00:00Z").plusSeconds(i), ZoneOffset.UTC));
            bundles.add(b);
        }
        IntelBundles.install(bundles.get(0), KEY.verifyKey(), target, false, 3);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> mix = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && mix.get() == null) {
                try {
                    // A reader resolves current once, then reads every file from that version.
                    Path version = IntelBundles.current(target).orElseThrow();
                    String a = Files.readString(version.resolve("a.txt"));
                    String b = Files.readString(version.resolve("b.txt"));
                    if (!a.equals(b)) {
                        mix.set(a + " / " + b);
                    }
                    reads.incrementAndGet();
                } catch (java.nio.file.NoSuchFileException pruned) {
                    // A version older than the kept ones was removed under a slow reader: retry.
                } catch (Exception e) {
                    mix.set(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 1; i < bundles.size(); i++) {
            IntelBundles.install(bundles.get(i), KEY.verifyKey(), target, false, 3);
        }
        done.set(true);
        reader.join();
        assertEquals(null, mix.get());
        assertTrue(reads.get() > 0);
        assertEquals("version 19", Files.readString(target.resolve("current/a.txt")));
    }

    @Test
    void keyFilesRoundTripInPemAndBase64() throws Exception {
        SigningKey key = SigningKey.generate();
        for (KeyFiles.Encoding encoding : KeyFiles.Encoding.values()) {
            Path priv = tmp.resolve("key-" + encoding);
            Path pub = tmp.resolve("key-" + encoding + ".pub");
            KeyFiles.writePrivate(key, priv, encoding);
            KeyFiles.writePublic(key.verifyKey(), pub, encoding);
            assertArrayEquals(key.raw(), KeyFiles.readPrivate(priv).raw());
            assertEquals(key.verifyKey(), KeyFiles.readPublic(pub));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        }
        String pem = Files.readString(tmp.resolve("key-PEM"));
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        assertTrue(Files.readString(tmp.resolve("key-PEM.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(45, Files.readString(tmp.resolve("key-BASE64")).length(), "44 base64 characters and a newline");

        Files.writeString(tmp.resolve("junk.pub"), "not a key at all");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyFiles.readPublic(tmp.resolve("junk.pub")));
        assertTrue(e.getMessage().startsWith(tmp.resolve("junk.pub").toString()), e.getMessage());
    }

    @Test
    void readsKeysMadeByOpenssl() throws Exception {
        // Fixed test vector: the PKCS#8 and SPKI PEM of the all-zero Ed25519 seed, as openssl writes them.
        Files.writeString(tmp.resolve("zero.pem"), """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
                -----END PRIVATE KEY-----
                """);
        assertArrayEquals(new byte[32], KeyFiles.readPrivate(tmp.resolve("zero.pem")).raw());
        Files.writeString(tmp.resolve("zero.pub"), """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEAO2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik=
                -----END PUBLIC KEY-----
                """);
        assertEquals(KEY.verifyKey(), KeyFiles.readPublic(tmp.resolve("zero.pub")));
        assertTrue(new String(Files.readAllBytes(tmp.resolve("zero.pub")), StandardCharsets.US_ASCII).contains("BEGIN"));
    }
}
