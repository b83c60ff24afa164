package org.netreeve.daemon.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import org.netreeve.engine.facts.Connection;
import org.netreeve.intel.endpoints.EndpointBatch;
import org.netreeve.intel.endpoints.EndpointCheck;
import org.netreeve.intel.endpoints.EndpointTarget;
import org.netreeve.net.scope.ScopeClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netreeve endpoints}: work with endpoint rules. */
@Command(name = "endpoints", mixinStandardHelpOptions = true, description = "Work with endpoint rules.",
    subcommands = EndpointsCommand.Check.class)
public final class EndpointsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code netreeve endpoints check}. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Match one endpoint rule against a target; print permit, deny or no-match.",
          "With --batch, read JSON lines {\"rule\":...,\"domain\":...,\"ip\":...,\"proto\":6,\"port\":443} and print "
              + "one answer per line (or \"error: ...\")."})
  public static final class Check implements Callable<Integer> {

    @Option(names = "--rule", description = "The rule, e.g. \"+ *.example.com TCP/443\".")
    String rule;

    @Option(names = "--domain", description = "The target's domain.")
    String domain;

    @Option(names = "--ip", description = "The target's IP address.")
    String ip;

    @Option(names = "--proto", description = "Protocol number or name.")
    String proto;

    @Option(names = "--port", description = "Remote port.")
    int port;

    @Option(names = "--batch", paramLabel = "FILE", description = "JSON lines to check; - for standard input.")
    String batch;

    @Override
    public Integer call() throws Exception {
      if (batch != null) {
        try (Reader in = "-".equals(batch) ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(java.nio.file.Path.of(batch));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
          new EndpointBatch().run(new BufferedReader(in), out);
        }
        return 0;
      }
      if (rule == null) {
        System.err.println("netreeve endpoints check: --rule is required (or --batch)");
        return 2;
      }
      EndpointTarget.Builder t = EndpointTarget.builder().classifier(ScopeClassifier.DEFAULT);
      if (domain != null) {
        t.domain(domain);
      }
      if (ip != null) {
        t.ip(ip);
      }
      if (proto != null) {
        t.protocol(Connection.parseProtocol(proto));
      }
      t.remotePort(port);
      try {
        System.out.println(EndpointCheck.check(rule, t.build()));
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println("invalid rule \"" + rule + "\": " + e.getMessage());
        return 1;
      }
    }
  }
}
