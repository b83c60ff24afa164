package org.netreeve.intel.endpoints;

import java.util.List;
import java.util.stream.Collectors;

/** Every syntax error of an endpoint list, one per bad line, each naming file, line and column. */
public final class EndpointListException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<EndpointSyntaxException> errors;

  public EndpointListException(List<EndpointSyntaxException> errors) {
    super(errors.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  /** The errors in line order. */
  public List<EndpointSyntaxException> errors() {
    return errors;
  }
}
