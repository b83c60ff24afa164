package org.netreeve.engine.cache;

import java.util.List;
import org.netreeve.engine.audit.AuditRecord;
import org.netreeve.engine.decision.Decision;

/**
 * A decision with what its audit records repeat: the votes as audit references (deciding rule
 * first, with file and line), made once per decision and cached with it.
 */
public record CachedDecision(Decision decision, Refs refs) {

  /** The deciding rule and the others that voted, as audit records name them. */
  public record Refs(AuditRecord.RuleRef winner, List<AuditRecord.RuleRef> matched) {
    public Refs {
      matched = List.copyOf(matched);
    }
  }
}
