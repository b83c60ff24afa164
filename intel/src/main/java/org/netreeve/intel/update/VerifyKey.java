package org.netreeve.intel.update;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key that bundles are verified against. Immutable. */
public final class VerifyKey {

    private final Ed25519PublicKeyParameters key;
    private final String id;

    VerifyKey(Ed25519PublicKeyParameters key) {
        this.key = key;
        this.id = keyId(key.getEncoded());
    }

    /** From the 32 raw key bytes. */
    public static VerifyKey ofRaw(byte[] raw) {
        if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        return new VerifyKey(new Ed25519PublicKeyParameters(raw, 0));
    }

    /** The 32 raw key bytes. */
    public byte[] raw() {
        return key.getEncoded();
    }

    /** Short fingerprint: the first 8 bytes of the SHA-256 of the raw key, in hex. */
    public String id() {
        return id;
    }

    Ed25519PublicKeyParameters parameters() {
        return key;
    }

    boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(false, key);
        byte[] context = SigningKey.CONTEXT.getBytes(StandardCharsets.US_ASCII);
        signer.update(context, 0, context.length);
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

    static String keyId(byte[] raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyKey k && k.id.equals(id) && java.util.Arrays.equals(k.raw(), raw());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "VerifyKey[" + id + "]";
    }
}
