package org.netreeve.engine.cache;

import org.netreeve.engine.decision.Decision;
import org.netreeve.engine.facts.EndpointFacts;
import org.netreeve.engine.facts.IntelFacts;

/**
 * A decision with the intel and endpoint facts it was made on, which its audit records repeat.
 */
public record CachedDecision(Decision decision, IntelFacts intel, EndpointFacts endpoints) {}
