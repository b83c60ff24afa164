package org.netreeve.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code netreeve} command. */
@Command(name = "netreeve", mixinStandardHelpOptions = true, version = "netreeve 0.1.0",
    description = "An application firewall for Linux whose verdicts are explained, rule by rule.",
    subcommands = {
        DecideCommand.class,
        TestCommand.class,
        ProfilesCommand.class,
        RulesCommand.class,
        EndpointsCommand.class,
        RunCommand.class,
        DemoCommand.class,
        UninstallRulesCommand.class,
        StatusCommand.class,
        LevelCommand.class,
        ReloadCommand.class,
        DnsCommand.class,
        IntelCommand.class,
        AuditCommand.class,
        HistoryCommand.class,
        CommandLine.HelpCommand.class})
public final class NetreeveCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The configured command line: usage errors exit 2, failures 1. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new NetreeveCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      line.getErr().println("netreeve: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    });
    return cl;
  }
}
