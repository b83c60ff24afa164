package org.netreeve.engine.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The revision of a policy directory: a SHA-256 digest of every file in it (names relative to the
 * directory, and contents), shortened to 16 hex digits. Two daemons with the same revision decide
 * with the same policy; an audit record carries the revision of the policy that made it.
 */
public final class PolicyRevision {

  /** The revision of a policy that was not loaded from a directory. */
  public static final String NONE = "none";

  private PolicyRevision() {}

  /** The revision of the policy in {@code dir}; {@link #NONE} for null. */
  public static String of(Path dir) {
    if (dir == null) {
      return NONE;
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).sorted().toList();
      for (Path f : files) {
        sha.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(f));
        sha.update((byte) 0);
      }
    } catch (IOException | UncheckedIOException e) {
      // The loader has read these files already; one that vanished since leaves no revision.
      return "unreadable";
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
