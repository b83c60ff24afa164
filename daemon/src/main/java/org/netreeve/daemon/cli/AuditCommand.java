package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.netreeve.daemon.history.HistoryQuery;
import org.netreeve.daemon.run.DaemonConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netreeve audit}: tail and query the audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {"Show audit records: the last ones, filtered, or new ones as they come (--follow).",
        "Filters combine (all must match). Output: one line per verdict, or the JSON lines with --json."})
public final class AuditCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/netreeve/netreeve.yaml",
      description = "The daemon's configuration, for the audit log's path (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(names = "--file", paramLabel = "FILE", description = "Read this audit log instead.")
  Path file;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new records as they are written.")
  boolean follow;

  @Option(names = {"-n", "--limit"}, defaultValue = "50", description = "How many of the last records (default: ${DEFAULT-VALUE}; 0 for all).")
  int limit;

  @Option(names = "--verdict", description = "accept, block, drop (with their permanent editions), or a verdict name.")
  String verdict;

  @Option(names = "--profile", description = "Profile id.")
  String profile;

  @Option(names = "--rule", description = "Name of the deciding rule.")
  String rule;

  @Option(names = "--stage", description = "Deciding stage.")
  String stage;

  @Option(names = "--domain", description = "Domain (or a part of it).")
  String domain;

  @Option(names = "--exe", description = "Executable path (or a part of it).")
  String exe;

  @Option(names = "--since", description = "Only records since: a duration (10m, 2h, 1d) or an ISO time.")
  String since;

  @Option(names = "--json", description = "Print the records as JSON lines.")
  boolean json;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    Path log = file;
    if (log == null) {
      DaemonConfig cfg = RunCommand.load(config, null);
      if (cfg == null) {
        return 2;
      }
      log = cfg.auditLog();
    }
    if (!Files.exists(log)) {
      System.err.println(log + ": no audit log (yet)");
      return 1;
    }
    Predicate<JsonNode> filter = filter();
    Deque<String> last = new ArrayDeque<>();
    long offset;
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      String line;
      while ((line = readLine(f)) != null) {
        JsonNode n = parse(line);
        if (n != null && filter.test(n)) {
          last.addLast(format(n, line));
          if (limit > 0 && last.size() > limit) {
            last.removeFirst();
          }
        }
      }
      offset = f.getFilePointer();
    }
    last.forEach(System.out::println);
    while (follow) {
      Thread.sleep(250);
      long size = Files.size(log);
      if (size < offset) {
        offset = 0; // rotated
      }
      try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
        f.seek(offset);
        String line;
        while ((line = readLine(f)) != null) {
          JsonNode n = parse(line);
          if (n != null && filter.test(n)) {
            System.out.println(format(n, line));
          }
        }
        offset = f.getFilePointer();
      }
    }
    return 0;
  }

  /** A whole line, or null at the end (a partly written last line is left for the next read). */
  private static String readLine(RandomAccessFile f) throws IOException {
    long start = f.getFilePointer();
    String raw = f.readLine();
    if (raw == null) {
      return null;
    }
    if (f.getFilePointer() == f.length()) {
      f.seek(f.getFilePointer() - 1);
      if (f.read() != '\n') {
        f.seek(start);
        return null;
      }
    }
    return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private JsonNode parse(String line) {
    try {
      return line.isBlank() ? null : mapper.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private String format(JsonNode n, String raw) {
    if (json) {
      return raw;
    }
    JsonNode c = n.path("connection");
    String dest = (c.hasNonNull("domain") ? c.get("domain").asText() + " " : "")
        + (c.hasNonNull("remote_ip") ? c.get("remote_ip").asText() : "")
        + (c.path("remote_port").asInt() != 0 ? ":" + c.get("remote_port").asInt() : "");
    return String.format("%s %-19s %-13s %-30s %-20s %-4s %-8s %s (%s)", n.path("time").asText(),
        n.path("verdict").asText(), n.path("stage").asText(), n.at("/rule/name").asText(), n.at("/profile/id").asText(),
        c.path("protocol").asText(""), c.path("direction").asText(), dest.trim(), n.path("reason").asText());
  }

  private Predicate<JsonNode> filter() {
    Predicate<JsonNode> p = n -> true;
    if (verdict != null) {
      String v = verdict.toLowerCase(Locale.ROOT);
      p = p.and(n -> {
        String actual = n.path("verdict").asText().toLowerCase(Locale.ROOT);
        return switch (v) {
          case "accept", "allow", "permit" -> actual.endsWith("accept");
          case "block" -> actual.endsWith("block");
          case "drop" -> actual.endsWith("drop");
          default -> actual.equals(v.replace("-", "").replace("_", ""));
        };
      });
    }
    if (profile != null) {
      p = p.and(n -> n.at("/profile/id").asText().equals(profile));
    }
    if (rule != null) {
      p = p.and(n -> n.at("/rule/name").asText().equals(rule));
    }
    if (stage != null) {
      p = p.and(n -> n.path("stage").asText().equals(stage));
    }
    if (domain != null) {
      p = p.and(n -> n.at("/connection/domain").asText().contains(domain));
    }
    if (exe != null) {
      p = p.and(n -> n.at("/process/exe").asText().contains(exe));
    }
    if (since != null) {
      Instant from = sinceInstant(since);
      p = p.and(n -> {
        try {
          return !Instant.parse(n.path("time").asText()).isBefore(from);
        } catch (RuntimeException e) {
          return false;
        }
      });
    }
    return p;
  }

  static Instant sinceInstant(String s) {
    try {
      return HistoryQuery.parseTime(s, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--since: " + e.getMessage());
    }
  }
}
