package org.netreeve.interception.packet;

/** Why a packet could not be parsed. A malformed packet is dropped and counted, never decided. */
public enum Malformation {
    EMPTY("no bytes"),
    BAD_VERSION("IP version is neither 4 nor 6"),
    TRUNCATED_IP_HEADER("shorter than its IP header"),
    BAD_IHL("IPv4 header length below 20 bytes or past the end"),
    BAD_TOTAL_LENGTH("IP length field disagrees with the header or the captured bytes"),
    TRUNCATED_EXTENSION_HEADER("an IPv6 extension header runs past the end"),
    TOO_MANY_EXTENSION_HEADERS("IPv6 extension header chain longer than the parser follows"),
    TRUNCATED_TRANSPORT_HEADER("transport header runs past the end"),
    BAD_TCP_DATA_OFFSET("TCP data offset below 20 bytes or past the end"),
    BAD_UDP_LENGTH("UDP length below 8 bytes or past the end");

    private final String description;

    Malformation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
