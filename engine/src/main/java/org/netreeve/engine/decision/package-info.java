/**
 * Deciding: the engine facade, rule votes and the resolver that turns them into a verdict.
 */
package org.netreeve.engine.decision;
