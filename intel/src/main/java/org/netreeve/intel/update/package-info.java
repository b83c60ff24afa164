/**
 * Signed intel updates: Ed25519 keys, bundles (a directory with a signed manifest of SHA-256
 * hashes), verification, and atomic installation into a versioned directory behind a symlink.
 */
package org.netreeve.intel.update;
