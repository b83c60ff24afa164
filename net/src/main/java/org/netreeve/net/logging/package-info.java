/** Logging that a flood of bad input cannot turn into a flood of log lines. */
package org.netreeve.net.logging;
