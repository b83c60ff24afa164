/**
 * IP address literals: parsed without ever asking DNS, and written as people write them (IPv6 in
 * its RFC 5952 shortest form).
 */
package org.netreeve.net.address;
