package org.netreeve.engine.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleBaseException;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.rulebase.RuleError;
import org.netreeve.profiles.match.MatchOptions;
import org.netreeve.profiles.match.ProfileIndex;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.yaml.LoadResult;
import org.netreeve.profiles.yaml.ProfileError;
import org.netreeve.profiles.yaml.ProfileLoader;
import org.netreeve.profiles.yaml.ProfileWarning;

/**
 * Loads a policy directory into a {@link PolicySnapshot}:
 *
 * <pre>
 * policy/
 *   policy.yaml      global settings (optional; docs/policy.md)
 *   profiles/        one YAML file per application profile
 *   rules/           the administrator's DRL rule files (optional)
 * </pre>
 *
 * <p>Everything is checked before anything is used: on any error the caller keeps its last good
 * snapshot, and the exception lists every problem in every file.
 */
public final class PolicyLoader {

  public static final String POLICY_FILE = "policy.yaml";
  public static final String PROFILES_DIR = "profiles";
  public static final String RULES_DIR = "rules";

  private final RuleBaseLoader rules;
  private final MatchOptions matchOptions;
  private final Clock clock;

  public PolicyLoader(RuleBaseLoader rules, MatchOptions matchOptions, Clock clock) {
    this.rules = rules;
    this.matchOptions = matchOptions;
    this.clock = clock;
  }

  /** A loaded policy with the warnings worth showing. */
  public record Loaded(PolicySnapshot snapshot, List<String> warnings) {}

  /**
   * Loads {@code dir}.
   *
   * @throws PolicyException listing every error in policy.yaml, the profiles and the rule files
   */
  public Loaded load(Path dir) throws PolicyException {
    List<PolicyError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      throw new PolicyException(List.of(new PolicyError(dir.toString(), 0, 0,
          Files.exists(dir) ? "not a directory" : "no such policy directory")));
    }
    PolicyConfig config = readConfig(dir, errors);
    warnings.addAll(config.warnings());

    ProfileSet profiles = null;
    Path profileDir = dir.resolve(PROFILES_DIR);
    LoadResult result = new ProfileLoader().load(profileDir);
    for (ProfileError e : result.errors()) {
      errors.add(new PolicyError(e.file(), e.line(), e.column(), e.message()));
    }
    for (ProfileWarning w : result.warnings()) {
      warnings.add(w.toString());
    }
    if (result.ok()) {
      profiles = result.profiles();
    }

    RuleBase ruleBase = null;
    try {
      ruleBase = rules.load(dir.resolve(RULES_DIR));
    } catch (RuleBaseException e) {
      for (RuleError r : e.errors()) {
        errors.add(new PolicyError(r.file(), r.line(), r.column(), r.message()));
      }
    }
    if (!errors.isEmpty()) {
      throw new PolicyException(errors);
    }
    ProfileIndex index = ProfileIndex.build(profiles, matchOptions);
    ProfileResolver resolver = new ProfileIndexResolver(index, config);
    return new Loaded(PolicySnapshot.of(dir, clock.instant(), ruleBase, resolver, config), warnings);
  }

  /** Checks {@code dir} without building a rule base for it; an empty list means valid. */
  public List<PolicyError> validate(Path dir) {
    try {
      load(dir);
      return List.of();
    } catch (PolicyException e) {
      return e.errors();
    }
  }

  /** Reads policy.yaml, or the defaults when there is none. */
  public static PolicyConfig readConfig(Path dir, List<PolicyError> errors) {
    Path file = dir.resolve(POLICY_FILE);
    if (!Files.exists(file)) {
      return PolicyConfig.defaults();
    }
    try {
      return PolicyConfigReader.read(Files.readString(file), file.toString(), errors);
    } catch (IOException e) {
      errors.add(new PolicyError(file.toString(), 0, 0, "cannot read: " + e.getMessage()));
      return PolicyConfig.defaults();
    }
  }
}
