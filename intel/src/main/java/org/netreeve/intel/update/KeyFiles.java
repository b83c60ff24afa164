package org.netreeve.intel.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Key files. Two encodings are read and written:
 * <ul>
 * <li>PEM: {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) and {@code -----BEGIN PUBLIC KEY-----}
 * (SubjectPublicKeyInfo), the forms {@code openssl genpkey -algorithm ed25519} uses;</li>
 * <li>plain base64 of the 32 raw key bytes on one line.</li>
 * </ul>
 * Reading detects the encoding. Private keys are written with mode 0600.
 */
public final class KeyFiles {

    /** How a key file is written. */
    public enum Encoding { PEM, BASE64 }

    private KeyFiles() {
    }

    public static void writePrivate(SigningKey key, Path file, Encoding encoding) throws IOException {
        String text = encoding == Encoding.PEM
                ? pem("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key.parameters()).getEncoded())
                : Base64.getEncoder().encodeToString(key.raw()) + "\n";
        write(file, text, PosixFilePermissions.fromString("rw-------"));
    }

    public static void writePublic(VerifyKey key, Path file, Encoding encoding) throws IOException {
        String text = encoding == Encoding.PEM
                ? pem("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.parameters()).getEncoded())
                : Base64.getEncoder().encodeToString(key.raw()) + "\n";
        write(file, text, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Reads a private key; the message of an {@link IllegalArgumentException} names the file and the problem. */
    public static SigningKey readPrivate(Path file) throws IOException {
        byte[] bytes = decode(file, "PRIVATE KEY");
        if (bytes.length == Ed25519PrivateKeyParameters.KEY_SIZE) {
            return SigningKey.ofRaw(bytes);
        }
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(bytes);
            if (key instanceof Ed25519PrivateKeyParameters ed) {
                return new SigningKey(ed);
            }
            throw new IllegalArgumentException(file + ": not an Ed25519 private key but " + key.getClass().getSimpleName());
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
                throw iae;
            }
            throw new IllegalArgumentException(file + ": not an Ed25519 private key (PKCS#8 PEM or base64 of 32 bytes): " + e.getMessage(), e);
        }
    }

    /** Reads a public key; the message of an {@link IllegalArgumentException} names the file and the problem. */
    public static VerifyKey readPublic(Path file) throws IOException {
        byte[] bytes = decode(file, "PUBLIC KEY");
        if (bytes.length == Ed25519PublicKeyParameters.KEY_SIZE) {
            return VerifyKey.ofRaw(bytes);
        }
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(bytes);
            if (key instanceof Ed25519PublicKeyParameters ed) {
                return new VerifyKey(ed);
            }
            throw new IllegalArgumentException(file + ": not an Ed25519 public key but " + key.getClass().getSimpleName());
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(file.toString())) {
                throw iae;
            }
            throw new IllegalArgumentException(file + ": not an Ed25519 public key (PEM or base64 of 32 bytes): " + e.getMessage(), e);
        }
    }

    private static byte[] decode(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        String body = text;
        if (text.startsWith("-----BEGIN ")) {
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException(file + ": expected a PEM block '" + begin + "'");
            }
            body = text.substring(from + begin.length(), to);
        }
        try {
            return Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not base64: " + e.getMessage(), e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void write(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
