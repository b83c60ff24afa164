package org.netreeve.daemon;

import org.netreeve.daemon.cli.NetreeveCommand;
import picocli.CommandLine;

/** The {@code netreeve} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // The daemon logs what it does; the other commands print their results, and only warnings
    // and errors of the libraries belong next to them.
    boolean daemon = args.length > 0 && (args[0].equals("run") || args[0].equals("demo"));
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", daemon ? "info" : "warn");
    }
    // Drools logs compile failures as errors of its own; Netreeve reports them with file and line.
    System.setProperty("org.slf4j.simpleLogger.log.org.drools.compiler.kie.builder.impl.KieProject", "off");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return NetreeveCommand.commandLine().execute(args);
  }
}
