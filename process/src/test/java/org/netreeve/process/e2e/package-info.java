/**
 * End-to-end tests of attribution inside a network namespace the test creates: sock_diag sees
 * only its own namespace, so the resolver runs there as a child JVM ({@link
 * org.netreeve.process.e2e.AttributeMain}).
 */
package org.netreeve.process.e2e;
