package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.engine.scenario.ScenarioFromAudit;
import org.netreeve.engine.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netreeve test}: run scenario files against their policies. Exit 0 when all pass, 1 otherwise. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = {"Run scenario files (or every *.yaml under a directory) against the policies they name.",
        "Exit code: 0 when every case passes, 1 when a case fails or a file or policy has errors."})
public final class TestCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Scenario files or directories of them.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--from-audit", paramLabel = "AUDIT",
      description = "Instead of running scenarios: turn the audit records (JSON Lines) of AUDIT into a scenario "
          + "file, one case per record, expecting what each record says (written to standard output or --output).")
  Path fromAudit;

  @Option(names = "--policy", paramLabel = "DIR",
      description = "With --from-audit: the policy directory the scenario file names (default /etc/netreeve/policy).")
  String policy = "/etc/netreeve/policy";

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "With --from-audit: write the scenario file here.")
  Path output;

  @Option(names = {"-v", "--verbose"}, description = "Show every case, not only failures.")
  boolean verbose;

  @Option(names = "--json", description = "Print one JSON line per case (with its audit record).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (fromAudit != null) {
      return fromAudit();
    }
    if (files.isEmpty()) {
      System.err.println("netreeve test: name scenario files or directories, or --from-audit AUDIT");
      return 2;
    }
    ScenarioRunner runner = new ScenarioRunner(PolicyOptions.offlineLoader(), IntelSource.NONE,
        Clock.systemUTC());
    int passed = 0;
    int failed = 0;
    int broken = 0;
    for (Path f : expand(files)) {
      ScenarioRunner.FileResult r = runner.run(f);
      if (!r.errors().isEmpty()) {
        broken++;
        System.out.println("ERROR " + f);
        for (PolicyError e : r.errors()) {
          System.out.println("  " + e);
        }
        continue;
      }
      for (ScenarioRunner.CaseResult c : r.cases()) {
        if (json) {
          System.out.println("{\"file\":\"" + esc(c.file()) + "\",\"line\":" + c.line() + ",\"case\":\""
              + esc(c.name()) + "\",\"passed\":" + c.passed() + ",\"audit\":" + AuditJson.toJson(c.audit()) + "}");
        }
        if (c.passed()) {
          passed++;
          if (verbose && !json) {
            System.out.println("ok    " + c.file() + ":" + c.line() + " " + c.name() + " → " + c.audit().verdict()
                + " by " + c.audit().rule().name());
          }
        } else {
          failed++;
          if (!json) {
            System.out.println("FAIL  " + c.file() + ":" + c.line() + " " + c.name());
            for (String why : c.failures()) {
              System.out.println("      " + why);
            }
            System.out.println("      decided by " + AuditText.rule(c.audit().rule()) + ": " + c.audit().reason());
          }
        }
      }
    }
    if (!json) {
      System.out.printf("%d passed, %d failed%s%n", passed, failed,
          broken == 0 ? "" : ", " + broken + (broken == 1 ? " file" : " files") + " with errors");
    }
    return failed == 0 && broken == 0 && passed > 0 ? 0 : 1;
  }

  private int fromAudit() throws java.io.IOException {
    ScenarioFromAudit.Converted c = ScenarioFromAudit.convert(Files.readAllLines(fromAudit), fromAudit.toString(),
        policy);
    for (String s : c.skipped()) {
      System.err.println("skipped " + s);
    }
    if (output != null) {
      Files.writeString(output, c.yaml());
      System.err.println(c.cases() + " cases written to " + output);
    } else {
      System.out.print(c.yaml());
    }
    return c.cases() > 0 ? 0 : 1;
  }

  static List<Path> expand(List<Path> paths) throws java.io.IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(out::add);
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
