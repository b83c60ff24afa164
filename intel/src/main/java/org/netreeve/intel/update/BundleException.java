package org.netreeve.intel.update;

/** A bundle that must not be used; {@link #reason()} says why, the message says where. */
public class BundleException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused. */
    public enum Reason {
        /** No manifest or no signature. */
        UNSIGNED,
        /** Signed, but by a key other than the trusted one. */
        WRONG_KEY,
        /** The signature does not match the manifest. */
        BAD_SIGNATURE,
        /** Manifest or signature file not in the expected format. */
        MALFORMED,
        /** A file listed in the manifest is missing. */
        MISSING_FILE,
        /** A file's size or SHA-256 differs from the manifest. */
        TAMPERED_FILE,
        /** A file (or link) that the manifest does not list. */
        UNEXPECTED_FILE,
        /** Older than the installed bundle. */
        ROLLBACK
    }

    private final Reason reason;

    public BundleException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
