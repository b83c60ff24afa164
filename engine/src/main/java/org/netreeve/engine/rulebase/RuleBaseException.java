package org.netreeve.engine.rulebase;

import java.util.List;
import java.util.stream.Collectors;

/** A rule base could not be built; {@link #errors()} says where and why. */
public final class RuleBaseException extends Exception {

  private final List<RuleError> errors;

  public RuleBaseException(List<RuleError> errors) {
    super(errors.stream().map(RuleError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<RuleError> errors() {
    return errors;
  }
}
