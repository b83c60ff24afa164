package org.netreeve.rules.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.Stage;
import org.netreeve.process.ProcessInfo;

/**
 * A generated policy with N profiles and a mix of requests against it, for benchmarks: a third
 * of the profiles are plain apps with the Internet flag, a third have endpoint lists, a third are
 * default (folder) profiles.
 */
public final class PolicyFixture {

  private PolicyFixture() {}

  /** Writes a policy directory with {@code profiles} profiles; the decision cache on or off. */
  public static Path write(int profiles, boolean cache) throws IOException {
    Path dir = Files.createTempDirectory("netreeve-bench");
    Path pd = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(dir.resolve("policy.yaml"), "default-action: block\ncache-size: " + (cache ? 65536 : 0) + "\n");
    for (int i = 0; i < profiles; i++) {
      StringBuilder y = new StringBuilder();
      y.append("name: App ").append(i).append('\n');
      switch (i % 3) {
        case 0 -> y.append("paths: [/opt/app").append(i).append("/bin/app]\nflags: [Internet, LocalNet]\n")
            .append("default-action: permit\n");
        case 1 -> y.append("paths: [/opt/app").append(i).append("/bin/app]\nflags: [Internet]\n")
            .append("endpoints:\n  - \"+ *.example.com TCP/443\"\n  - \"- L:TRAC\"\n  - \"+ 10.0.0.0/8\"\n  - \"- *\"\n");
        default -> y.append("paths: [/opt/suite").append(i).append("/]\ndefault: true\nflags: [Internet]\n")
            .append("connect-ports: [443, 8000-8100]\n");
      }
      Files.writeString(pd.resolve("app" + i + ".yaml"), y.toString());
    }
    return dir;
  }

  /** {@code count} distinct requests spread over the profiles. */
  public static List<DecisionRequest> requests(int profiles, int count) {
    List<DecisionRequest> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int i = (int) ((k * 2654435761L) % profiles);
      String exe = i % 3 == 2 ? "/opt/suite" + i + "/lib/tool" : "/opt/app" + i + "/bin/app";
      ProcessInfo p = new ProcessInfo(10_000 + k, 1, 1, exe, exe, List.of(exe), 1000, "user", List.of(), "", "");
      String domain = "host" + (k % 97) + ".example.com";
      out.add(DecisionRequest.builder(Stage.LINK).process(p).protocol(6)
          .remote(address(93, 184, k % 250, 1 + k % 200), 443).local(null, 40000 + k % 20000).domain(domain)
          .dnsResolved(true).build());
    }
    return out;
  }

  static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes a directory written by {@link #write}. */
  public static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
