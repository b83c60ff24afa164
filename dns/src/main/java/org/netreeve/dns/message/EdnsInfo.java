package org.netreeve.dns.message;

/**
 * The client's OPT record (RFC 6891).
 *
 * @param udpSize   the UDP payload size the client can receive (values below 512 are treated as 512)
 * @param version   the EDNS version (only 0 exists)
 * @param dnssecOk  the DO bit: the client wants DNSSEC records
 */
public record EdnsInfo(int udpSize, int version, boolean dnssecOk) {
}
