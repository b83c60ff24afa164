package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.rulebase.RuleError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code netreeve rules}: work with rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with DRL rule files.",
    subcommands = RulesCommand.Validate.class)
public final class RulesCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code netreeve rules validate DIR}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Compile the *.drl files of a directory together with the shipped rules; report every error "
          + "with file and line. Files not owned by root (or you) or writable by others are refused.",
          "Exit code 0 when valid, 1 otherwise."})
  public static final class Validate implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The rules directory (or a policy directory with rules/).")
    Path dir;

    @Override
    public Integer call() {
      Path d = dir;
      if (Files.isDirectory(d.resolve("rules"))) {
        d = d.resolve("rules");
      }
      if (!Files.isDirectory(d)) {
        System.out.println(d + ": no such directory");
        return 1;
      }
      RuleBaseLoader loader = RuleBaseLoader.standard();
      List<RuleError> errors = loader.validate(d);
      for (RuleError e : errors) {
        System.out.println(e);
      }
      if (!errors.isEmpty()) {
        System.out.println(errors.size() + (errors.size() == 1 ? " error" : " errors"));
        return 1;
      }
      try {
        int files = loader.readUserFiles(d).size();
        int rules = loader.load(d).ruleCount();
        System.out.println(files + " rule files valid; " + rules + " rules with the shipped ones");
      } catch (Exception e) {
        System.out.println(e.getMessage());
        return 1;
      }
      return 0;
    }
  }
}
