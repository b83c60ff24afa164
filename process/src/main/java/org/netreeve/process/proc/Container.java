package org.netreeve.process.proc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container a process runs in, as its cgroup paths reveal it.
 *
 * <p>Recognised paths ({@code <id>} is the 64-hex-digit container id; the first path of the
 * cgroup file that matches wins, and in a path the outermost match, which is the container
 * the host knows):
 *
 * <table>
 *   <caption>cgroup path patterns</caption>
 *   <tr><th>runtime</th><th>path contains</th><th>what sets it up</th></tr>
 *   <tr><td>docker</td><td>{@code docker-<id>.scope}</td><td>Docker, systemd cgroup driver
 *       (also rootless Docker under user@UID.service)</td></tr>
 *   <tr><td>docker</td><td>{@code /docker/<id>}</td><td>Docker, cgroupfs driver</td></tr>
 *   <tr><td>podman</td><td>{@code libpod-<id>.scope}, {@code /libpod-<id>}</td><td>Podman
 *       (systemd or cgroupfs manager); {@code libpod-conmon-<id>.scope} is the monitor, outside
 *       the container, and is not matched</td></tr>
 *   <tr><td>cri-o</td><td>{@code crio-<id>.scope}</td><td>CRI-O (Kubernetes); {@code
 *       crio-conmon-} is excluded likewise</td></tr>
 *   <tr><td>containerd</td><td>{@code cri-containerd-<id>.scope}</td><td>containerd's CRI
 *       plugin (Kubernetes), systemd driver</td></tr>
 *   <tr><td>containerd</td><td>{@code nerdctl-<id>.scope}</td><td>nerdctl</td></tr>
 *   <tr><td>kubernetes</td><td>{@code /kubepods.../pod<uid>/<id>}</td><td>kubelet, cgroupfs
 *       driver, whatever the runtime</td></tr>
 *   <tr><td>lxc</td><td>{@code /lxc.payload.<name>}, {@code /lxc.payload/<name>},
 *       {@code /lxc/<name>}</td><td>LXC and LXD (the id is the container's name;
 *       {@code lxc.monitor.<name>} is the monitor and is not matched)</td></tr>
 *   <tr><td>nspawn</td><td>{@code /machine.slice/systemd-nspawn@<name>.service}</td><td>
 *       systemd-nspawn started as a service</td></tr>
 *   <tr><td>machine</td><td>{@code /machine.slice/machine-<name>.scope}</td><td>any machine
 *       registered with systemd-machined ({@code systemd-nspawn} run by hand, libvirt); the
 *       name is unescaped ({@code \x2d} becomes {@code -})</td></tr>
 *   <tr><td>oci</td><td>a path element that is exactly a 64-hex-digit id</td><td>other OCI
 *       runtimes with a cgroupfs layout, e.g. containerd's {@code /<namespace>/<id>}</td></tr>
 * </table>
 *
 * @param runtime what runs the container: docker, podman, cri-o, containerd, kubernetes, lxc,
 *                nspawn, machine or oci
 * @param id      the container's id (64 hex digits) or name
 */
public record Container(String runtime, String id) {

  public Container {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(id, "id");
  }

  private record Rule(String runtime, Pattern pattern, boolean escaped) {}

  private static final String ID = "([0-9a-f]{64})";

  private static final List<Rule> RULES = List.of(
      new Rule("docker", Pattern.compile("(?:^|/)docker-" + ID + "\\.scope(?:/|$)"), false),
      new Rule("docker", Pattern.compile("(?:^|/)docker/" + ID + "(?:/|$)"), false),
      new Rule("podman", Pattern.compile("(?:^|/)libpod-(?!conmon-)" + ID + "(?:\\.scope)?(?:/|$)"),
          false),
      new Rule("cri-o", Pattern.compile("(?:^|/)crio-(?!conmon-)" + ID + "\\.scope(?:/|$)"), false),
      new Rule("containerd",
          Pattern.compile("(?:^|/)(?:cri-containerd|nerdctl)-" + ID + "\\.scope(?:/|$)"), false),
      new Rule("kubernetes",
          Pattern.compile("(?:^|/)kubepods[^/]*/(?:[^/]+/)*pod[0-9a-fA-F_-]+/" + ID + "(?:/|$)"),
          false),
      new Rule("lxc", Pattern.compile("(?:^|/)lxc\\.payload[./]([^/]+)"), false),
      new Rule("lxc", Pattern.compile("^/lxc/([^/]+)"), false),
      new Rule("nspawn",
          Pattern.compile("(?:^|/)machine\\.slice/systemd-nspawn@([^/]+)\\.service(?:/|$)"), true),
      new Rule("machine", Pattern.compile("(?:^|/)machine\\.slice/machine-([^/]+)\\.scope(?:/|$)"),
          true),
      new Rule("oci", Pattern.compile("(?:^|/)" + ID + "(?:/|$)"), false));

  /** The container a set of cgroup paths implies, if any. */
  public static Optional<Container> detect(List<String> cgroupPaths) {
    for (String path : cgroupPaths) {
      Container found = detect(path);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  private static Container detect(String path) {
    Container best = null;
    int bestStart = Integer.MAX_VALUE;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(path);
      // Rules are ordered from specific to generic: a later rule replaces an earlier one only
      // when it matches further out in the path (nested containers).
      if (m.find() && m.start() < bestStart) {
        String id = rule.escaped() ? unescapeUnitName(m.group(1)) : m.group(1);
        best = new Container(rule.runtime(), id);
        bestStart = m.start();
      }
    }
    return best;
  }

  /** systemd unit names escape characters as {@code \xNN}; machine names use this for '-'. */
  static String unescapeUnitName(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 3 < name.length() && name.charAt(i + 1) == 'x') {
        try {
          out.append((char) Integer.parseInt(name.substring(i + 2, i + 4), 16));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash as it is
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** "runtime:id", the form ProcessInfo.container() carries. */
  @Override
  public String toString() {
    return runtime + ":" + id;
  }
}
