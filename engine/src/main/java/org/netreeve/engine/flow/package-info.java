/**
 * The journey of one connection or DNS query through named stages around one {@link
 * org.netreeve.engine.flow.Flow}: profile, domain, intel, communication decision, link decision,
 * audit. {@link org.netreeve.engine.flow.DecisionChain} runs them; docs/flow.md describes what each
 * reads and adds.
 */
package org.netreeve.engine.flow;
