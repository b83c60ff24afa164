package org.netreeve.daemon.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.netreeve.daemon.run.DaemonConfig;
import org.netreeve.engine.policy.IntelSettings;
import org.netreeve.engine.policy.PolicyError;
import org.netreeve.intel.Intel;

/** Loading intel for the offline commands: from an intel settings file or from netreeve.yaml. */
final class IntelFiles {

  private IntelFiles() {}

  /** The intel {@code file} describes: netreeve.yaml (its intel section) or a file of intel settings. */
  static Intel load(Path file) throws Exception {
    IntelSettings settings = settings(file);
    try {
      Intel intel = settings.load(Clock.systemUTC());
      intel.snapshot().warnings().forEach(w -> System.err.println("intel: " + w));
      return intel;
    } catch (Intel.LoadException e) {
      throw new IllegalArgumentException(file + ": cannot load intel: " + e.getMessage(), e);
    }
  }

  static IntelSettings settings(Path file) throws Exception {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    String text = Files.readString(file);
    if (text.lines().anyMatch(l -> l.startsWith("intel:"))) {
      DaemonConfig cfg = RunCommand.load(file, null);
      if (cfg == null) {
        throw new IllegalArgumentException(file + ": not a valid configuration (see the errors above)");
      }
      return cfg.intel();
    }
    List<PolicyError> errors = new ArrayList<>();
    IntelSettings s = IntelSettings.readFile(file, errors);
    if (!errors.isEmpty()) {
      errors.forEach(e -> System.err.println(e));
      throw new IllegalArgumentException(file + ": not valid intel settings");
    }
    return s;
  }
}
