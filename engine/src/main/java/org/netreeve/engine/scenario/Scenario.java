package org.netreeve.engine.scenario;

import java.nio.file.Path;
import java.util.List;
import org.netreeve.engine.decision.DecisionRequest;

/**
 * A scenario file: the policy it tests and its cases.
 *
 * @param file   the scenario file
 * @param policy the policy directory (relative paths in the file are relative to the file)
 * @param intel  an intel settings file (filter lists, GeoIP, ASN) the cases are decided with, or null
 * @param cases  the cases, in file order
 */
public record Scenario(Path file, Path policy, Path intel, List<Case> cases) {

  public Scenario {
    cases = List.copyOf(cases);
  }

  /**
   * One case: a request and what the policy must answer.
   *
   * @param name    what the case shows
   * @param line    the case's line in the file
   * @param request the question to the engine
   * @param expect  the expected answer
   */
  public record Case(String name, int line, DecisionRequest request, Expectation expect) {}

  /**
   * What a case expects; null fields are not checked.
   *
   * @param verdict        a verdict name; "accept", "block" and "drop" also match their permanent
   *                       editions, "PermanentAccept" and the others match exactly
   * @param rule           the deciding rule's name
   * @param stage          the deciding stage
   * @param profile        the profile id
   * @param tier           the deciding vote's tier
   * @param reasonContains text the reason must contain
   */
  public record Expectation(String verdict, String rule, String stage, String profile, String tier,
      String reasonContains) {}
}
