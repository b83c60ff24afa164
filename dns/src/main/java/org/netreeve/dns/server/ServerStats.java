package org.netreeve.dns.server;

/**
 * Counters of the listening side since start.
 *
 * @param udpQueries      well-formed queries received over UDP
 * @param tcpQueries      well-formed queries received over TCP
 * @param malformed       messages that were not valid queries
 * @param errorsAnswered  malformed messages answered with FORMERR/NOTIMP/BADVERS
 * @param dropped         messages dropped without an answer (unreadable header, responses, overload)
 * @param tcpConnections  TCP connections accepted
 * @param tcpRejected     TCP connections refused because the connection limit was reached
 */
public record ServerStats(long udpQueries, long tcpQueries, long malformed, long errorsAnswered, long dropped,
                          long tcpConnections, long tcpRejected) {
}
