package org.netreeve.daemon.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.netreeve.daemon.api.LevelControl;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.profiles.model.SecurityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's security level: what the engine uses, kept across restarts in the state directory,
 * changed by the user ({@code netreeve level}) or raised automatically (unknown network: Secure;
 * detected attack: Fortress). Automatic changes only ever raise the level; lowering it is the
 * user's decision.
 *
 * <p>Thread rules: synchronized; listeners run on the changing thread.
 */
public final class SecurityLevels implements LevelControl {

  private static final Logger log = LoggerFactory.getLogger(SecurityLevels.class);

  private final PolicyState policy;
  private final Path stateFile;
  private final List<BiConsumer<SecurityLevel, String>> listeners = new ArrayList<>();
  private String lastReason = "configured";

  public SecurityLevels(PolicyState policy, Path stateFile) {
    this.policy = policy;
    this.stateFile = stateFile;
    SecurityLevel saved = read(stateFile);
    if (saved != null) {
      policy.level(saved);
      lastReason = "kept from the last run";
    }
  }

  /** Called after every change with the new level and why. */
  public synchronized void onChange(BiConsumer<SecurityLevel, String> listener) {
    listeners.add(listener);
  }

  @Override
  public SecurityLevel current() {
    return policy.level();
  }

  @Override
  public synchronized String reason() {
    return lastReason;
  }

  /** Sets the level (the user's choice). */
  @Override
  public synchronized void set(SecurityLevel level, String why) {
    SecurityLevel old = policy.level();
    policy.level(level);
    lastReason = why;
    write(level);
    if (old != level) {
      log.info("security level {} -> {}: {}", old, level, why);
      for (BiConsumer<SecurityLevel, String> l : listeners) {
        l.accept(level, why);
      }
    }
  }

  /** Raises the level to at least {@code level} (automatic protection); never lowers it. */
  public synchronized boolean raise(SecurityLevel level, String why) {
    if (policy.level().atLeast(level)) {
      return false;
    }
    set(level, why);
    return true;
  }

  private void write(SecurityLevel level) {
    try {
      Files.createDirectories(stateFile.toAbsolutePath().getParent());
      Files.writeString(stateFile, level.yamlName().toLowerCase(java.util.Locale.ROOT) + "\n");
    } catch (IOException e) {
      log.warn("cannot keep the security level in {}: {}", stateFile, e.toString());
    }
  }

  private static SecurityLevel read(Path f) {
    try {
      return Files.exists(f) ? SecurityLevel.fromYaml(Files.readString(f).trim()) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
