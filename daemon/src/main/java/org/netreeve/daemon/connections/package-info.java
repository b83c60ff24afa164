/**
 * The connection table: the one owner of the links the firewall decided, their re-decision after a
 * policy or level change and its enforcement in the kernel, and the read-only view the API gets.
 */
package org.netreeve.daemon.connections;
