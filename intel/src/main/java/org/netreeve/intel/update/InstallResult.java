package org.netreeve.intel.update;

import java.nio.file.Path;

/**
 * The outcome of an install.
 *
 * @param current   the version directory that {@code current} now points to
 * @param manifest  the installed manifest
 * @param previous  the manifest that was installed before, or null
 * @param unchanged true when exactly this bundle was already installed (nothing was swapped)
 */
public record InstallResult(Path current, BundleManifest manifest, BundleManifest previous, boolean unchanged) {
}
