/**
 * The facts the rule base reasons about (connection, profile, intel, security level) and the
 * closed sets of the decision model: stages, verdicts, directions and precedence tiers.
 */
package org.netreeve.engine.facts;
