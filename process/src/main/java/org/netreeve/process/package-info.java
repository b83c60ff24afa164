/**
 * The process behind a connection: who owns a socket, and what that process is.
 * {@link org.netreeve.process.ProcessResolver} is the entry point.
 */
package org.netreeve.process;
