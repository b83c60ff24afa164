/**
 * The Drools rule base: the shipped rules (compiled to the executable model at build time), the
 * administrator's rule files (compiled at load), where every rule is written, and the checks a
 * rule file must pass before it is loaded.
 */
package org.netreeve.engine.rulebase;
