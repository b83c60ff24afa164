/**
 * The listening side: UDP and TCP sockets on the configured addresses, bounded threads and connections,
 * malformed-message handling, and naming the process that holds a port Netreeve needs.
 */
package org.netreeve.dns.server;
