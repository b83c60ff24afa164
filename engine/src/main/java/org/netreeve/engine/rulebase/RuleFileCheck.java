package org.netreeve.engine.rulebase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A rule file is code that runs inside the firewall: it is loaded only when it, and the directory
 * it is in, belong to root or to the user Netreeve runs as, and nobody else may write to them.
 */
public final class RuleFileCheck {

  private final int allowedUid;

  /** @param allowedUid the uid besides root that may own rule files (the running user) */
  public RuleFileCheck(int allowedUid) {
    this.allowedUid = allowedUid;
  }

  /** The check for the user this process runs as. */
  public static RuleFileCheck forCurrentUser() {
    return new RuleFileCheck(currentUid());
  }

  /** Returns null when {@code path} may be loaded, else why not. */
  public String problem(Path path) {
    try {
      String own = ownership(path);
      if (own != null) {
        return own;
      }
      Path dir = path.toAbsolutePath().getParent();
      if (dir != null) {
        String d = ownership(dir);
        if (d != null) {
          return "its directory " + dir + ": " + d;
        }
      }
      return null;
    } catch (IOException | UnsupportedOperationException e) {
      return "cannot read its owner and permissions: " + e.getMessage();
    }
  }

  private String ownership(Path p) throws IOException {
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (Files.isSymbolicLink(p)) {
      Path target = p.toRealPath();
      uid = (Integer) Files.getAttribute(target, "unix:uid");
      p = target;
    }
    if (uid != 0 && uid != allowedUid) {
      return "owned by uid " + uid + "; rule files must belong to root"
          + (allowedUid != 0 ? " or uid " + allowedUid : "");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
    if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      return "writable by others (mode " + mode(perms) + "); run chmod o-w";
    }
    if (perms.contains(PosixFilePermission.GROUP_WRITE)) {
      int gid = (Integer) Files.getAttribute(p, "unix:gid");
      if (gid != 0) {
        return "writable by group " + gid + " (mode " + mode(perms) + "); run chmod g-w";
      }
    }
    return null;
  }

  private static String mode(Set<PosixFilePermission> perms) {
    int m = 0;
    for (PosixFilePermission p : perms) {
      m |= 1 << (8 - p.ordinal());
    }
    return String.format("%03o", m);
  }

  /** The effective uid of this process. */
  public static int currentUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through: not Linux, or /proc unavailable
    }
    return "root".equals(System.getProperty("user.name")) ? 0 : -2;
  }
}
