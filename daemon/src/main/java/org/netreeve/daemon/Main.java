package org.netreeve.daemon;

import org.netreeve.daemon.cli.NetreeveCommand;
import picocli.CommandLine;

/** The {@code netreeve} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int run(String... args) {
    return NetreeveCommand.commandLine().execute(args);
  }
}
