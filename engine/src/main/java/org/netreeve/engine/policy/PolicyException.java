package org.netreeve.engine.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy could not be loaded; {@link #errors()} lists every problem found, with its location. */
public final class PolicyException extends Exception {

  private final List<PolicyError> errors;

  public PolicyException(List<PolicyError> errors) {
    super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the policy:\n"
        + errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<PolicyError> errors() {
    return errors;
  }
}
