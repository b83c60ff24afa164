package org.netreeve.intel.update;

import java.nio.file.Path;

/**
 * A bundle whose signature and files were checked.
 *
 * @param dir       the bundle directory
 * @param manifest  the parsed manifest
 * @param manifestBytes the signed manifest bytes (installed as they are, not re-read)
 * @param signature the signature file bytes
 */
public record VerifiedBundle(Path dir, BundleManifest manifest, byte[] manifestBytes, byte[] signature) {
}
