/**
 * Parsing of queued IPv4 and IPv6 packets (extension headers, TCP, UDP, ICMP, ICMPv6) into a
 * reusable flyweight, with a closed list of the ways a packet can be malformed.
 */
package org.netreeve.interception.packet;
