/**
 * The history database: every audit record kept as a row of an embedded H2 database in the state
 * directory, so that "what was blocked this week, and by which rule?" is a query instead of a scan
 * of the audit log. The audit log stays the record of truth; the history is a copy that may miss
 * records.
 */
package org.netreeve.daemon.history;
