package org.netreeve.daemon.cli;

import java.util.concurrent.Callable;
import org.netreeve.interception.iptables.ProcessCommandRunner;
import org.netreeve.interception.iptables.RuleInstaller;
import picocli.CommandLine.Command;

/** {@code netreeve uninstall-rules}: recovery after a crash. */
@Command(name = "uninstall-rules", mixinStandardHelpOptions = true,
    description = {"Remove Netreeve's iptables and ip6tables rules (chains C170, C171, C17 and their jumps).",
        "For recovery when the daemon died without removing them: while they are installed, new connections "
            + "fail closed."})
public final class UninstallRulesCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    new RuleInstaller(new ProcessCommandRunner()).uninstall();
    System.out.println("Netreeve's rules are removed; traffic flows without the firewall.");
    return 0;
  }
}
