package org.netreeve.daemon.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.netreeve.profiles.yaml.LoadResult;
import org.netreeve.profiles.yaml.ProfileError;
import org.netreeve.profiles.yaml.ProfileLoader;
import org.netreeve.profiles.yaml.ProfileWarning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code netreeve profiles}: work with profile directories. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "Work with application profiles.",
    subcommands = ProfilesCommand.Validate.class)
public final class ProfilesCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code netreeve profiles validate DIR}. */
  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Check every profile file of a directory; report all errors with file, line and column.",
          "Exit code 0 when valid, 1 otherwise."})
  public static final class Validate implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The profiles directory (or a policy directory with profiles/).")
    Path dir;

    @Override
    public Integer call() {
      Path d = dir;
      if (java.nio.file.Files.isDirectory(d.resolve("profiles"))) {
        d = d.resolve("profiles");
      }
      LoadResult r = new ProfileLoader().validate(d);
      for (ProfileError e : r.errors()) {
        System.out.println(e);
      }
      for (ProfileWarning w : r.warnings()) {
        System.out.println(w);
      }
      if (!r.ok()) {
        System.out.println(r.errors().size() + (r.errors().size() == 1 ? " error" : " errors") + " in " + r.files()
            + " profile files");
        return 1;
      }
      System.out.println(r.files() + " profile files, " + r.profiles().size() + " profiles: valid");
      return 0;
    }
  }
}
