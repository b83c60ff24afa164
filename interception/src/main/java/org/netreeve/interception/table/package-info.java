/**
 * The connection table: one entry per link (5-tuple and direction) with its state, verdict,
 * profile, timestamps and counters, bounded and evicting finished and idle links.
 */
package org.netreeve.interception.table;
