package org.netreeve.process.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A process's cgroup membership from /proc/PID/cgroup.
 *
 * <p>Each line is {@code hierarchy-id:controllers:path}. On a cgroup v2 (unified) system there is
 * one line, {@code 0::/path}; on a hybrid or v1 system there are several.
 *
 * @param path  the path that names the process's group: the unified ({@code 0::}) path when
 *              present and not the root, else the {@code name=systemd} path, else the first
 *              non-root path, else "/" (or "" when the file was empty)
 * @param paths every path in the file, in file order (container detection looks at all of them:
 *              on v1 systems a container's id may appear only under a controller)
 */
public record Cgroup(String path, List<String> paths) {

  /** No cgroup information. */
  public static final Cgroup NONE = new Cgroup("", List.of());

  public Cgroup {
    Objects.requireNonNull(path, "path");
    paths = List.copyOf(paths);
  }

  /**
   * Parses the content of /proc/PID/cgroup. Lines that are not {@code id:controllers:path} are
   * skipped: the file is the kernel's, and an odd line must not cost the whole attribution.
   */
  public static Cgroup parse(String content) {
    List<String> paths = new ArrayList<>();
    String unified = null;
    String systemd = null;
    for (String line : content.split("\n")) {
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      String hierarchy = line.substring(0, first);
      String controllers = line.substring(first + 1, second);
      String path = line.substring(second + 1);
      if (path.isEmpty()) {
        continue;
      }
      paths.add(path);
      if (hierarchy.equals("0") && controllers.isEmpty()) {
        unified = path;
      } else if (controllers.equals("name=systemd")) {
        systemd = path;
      }
    }
    String chosen;
    if (unified != null && !unified.equals("/")) {
      chosen = unified;
    } else if (systemd != null && !systemd.equals("/")) {
      chosen = systemd;
    } else {
      chosen = paths.stream().filter(p -> !p.equals("/")).findFirst()
          .orElse(paths.isEmpty() ? "" : "/");
    }
    return new Cgroup(chosen, paths);
  }
}
