package org.netreeve.intel.update;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 private key that signs bundles. Immutable; keep it off the machines that verify. */
public final class SigningKey {

    /**
     * Prefixed to every signed message, so that a signature over a bundle manifest can never be
     * passed off as a signature over anything else made with the same key.
     */
    static final String CONTEXT = "netreeve-intel-bundle-v1\n";

    private final Ed25519PrivateKeyParameters key;

    SigningKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
    }

    /** A new random key. */
    public static SigningKey generate(SecureRandom random) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new SigningKey((Ed25519PrivateKeyParameters) pair.getPrivate());
    }

    public static SigningKey generate() {
        return generate(new SecureRandom());
    }

    /** From the 32 raw seed bytes. */
    public static SigningKey ofRaw(byte[] raw) {
        if (raw.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + raw.length);
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(raw, 0));
    }

    /** The 32 raw seed bytes. */
    public byte[] raw() {
        return key.getEncoded();
    }

    /** The matching public key. */
    public VerifyKey verifyKey() {
        return new VerifyKey(key.generatePublicKey());
    }

    Ed25519PrivateKeyParameters parameters() {
        return key;
    }

    byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
        signer.update(context, 0, context.length);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "SigningKey[for " + verifyKey().id() + "]";
    }
}
