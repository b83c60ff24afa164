/**
 * Scenario files: policy tests that state a process, a connection and its intel, and expect a
 * verdict and the rule that decides it ({@code netreeve test}).
 */
package org.netreeve.engine.scenario;
