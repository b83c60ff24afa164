/** Audit records: one explained verdict per JSON line, and the log they are written to. */
package org.netreeve.engine.audit;
