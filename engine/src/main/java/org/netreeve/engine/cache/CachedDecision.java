package org.netreeve.engine.cache;

import java.util.List;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;

/**
 * A decision with what its audit records repeat: the intel and endpoint facts it was made on, and
 * the votes as audit references (deciding rule first, with file and line), made once.
 */
public record CachedDecision(Decision decision, IntelFacts intel, EndpointFacts endpoints, Refs refs) {

  /** The deciding rule and the others that voted, as audit records name them. */
  public record Refs(AuditRecord.RuleRef winner, List<AuditRecord.RuleRef> matched) {
    public Refs {
      matched = List.copyOf(matched);
    }
  }
}
