/** The process behind a connection: who owns a socket, and what that process is. */
package org.netreeve.process;
