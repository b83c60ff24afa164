package org.netreeve.process.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User names for uids from a passwd file, re-read when the file changes.
 *
 * <p>Users that only a directory service knows (LDAP, sssd) have no line in /etc/passwd; they
 * get their uid as name, which is what {@code ls} and {@code ps} show for them too.
 *
 * <p>Thread rules: the parsed file is an immutable snapshot in a volatile field; a thread that
 * finds the re-check interval expired re-reads the file (under this object's lock, so only one
 * does) while other threads keep using the old snapshot.
 */
public final class UserNames {

  private static final Logger LOG = LoggerFactory.getLogger(UserNames.class);

  private final Path file;
  private final Clock clock;
  private final long recheckMillis;
  private volatile Passwd passwd = Passwd.EMPTY;
  private volatile long nextCheckMillis = Long.MIN_VALUE;
  private Object fileVersion; // guarded by this
  private boolean missingReported; // guarded by this

  /**
   * @param file    the passwd file, normally /etc/passwd
   * @param recheck how long a read stays trusted before the file's modification is checked
   */
  public UserNames(Path file, Clock clock, Duration recheck) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recheckMillis = recheck.toMillis();
  }

  /** Names from /etc/passwd, re-checked at most every 5 seconds. */
  public static UserNames system(Clock clock) {
    return new UserNames(Path.of("/etc/passwd"), clock, Duration.ofSeconds(5));
  }

  /** The name of {@code uid}; its decimal form when the file has no name; "" for a uid below 0. */
  public String name(int uid) {
    if (uid < 0) {
      return "";
    }
    String name = current().name(uid);
    return name != null ? name : Integer.toString(uid);
  }

  private Passwd current() {
    long now = clock.millis();
    if (now >= nextCheckMillis) {
      refresh(now);
    }
    return passwd;
  }

  private synchronized void refresh(long now) {
    if (now < nextCheckMillis) {
      return;
    }
    nextCheckMillis = now + recheckMillis;
    Object version;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      version = attributes.lastModifiedTime().toMillis() + "/" + attributes.size() + "/"
          + attributes.fileKey();
    } catch (IOException e) {
      if (!missingReported) {
        LOG.warn("cannot read {}: {}; user names fall back to numeric uids", file, e.toString());
        missingReported = true;
      }
      fileVersion = null;
      passwd = Passwd.EMPTY;
      return;
    }
    if (version.equals(fileVersion)) {
      return;
    }
    try {
      Passwd parsed = Passwd.parse(file.toString(),
          new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      for (String problem : parsed.problems()) {
        LOG.warn("skipped a line of the passwd file: {}", problem);
      }
      passwd = parsed;
      fileVersion = version;
      missingReported = false;
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}; keeping the names read before", file, e.toString());
    }
  }
}
