package org.netreeve.interception.packet;

import org.netreeve.net.FiveTuple;
import org.netreeve.net.IpProtocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A reusable, mutable view of one parsed IP packet. {@link #parse} overwrites every field, so one
 * instance serves a whole receive loop without allocating; the getters that return
 * {@link InetAddress} or {@link FiveTuple} allocate and are meant for the slower, per-connection
 * path. Not thread-safe: a handler that decides later must copy what it needs (for example
 * {@link #tuple()}) before it returns.
 *
 * <p>Fragments: a non-first fragment (offset not 0) has no transport header; its ports are 0 and
 * {@link #hasTransportHeader()} is false. ICMP and ICMPv6 errors expose the protocol and ports of the
 * packet they quote when that packet's headers were included.
 */
public final class IpPacket {
    /** How many IPv6 extension headers the parser follows before giving up on a chain. */
    public static final int MAX_EXTENSION_HEADERS = 8;

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int TCP_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_HEADER = 8;

    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private final byte[] quotedSource = new byte[16];
    private final byte[] quotedDestination = new byte[16];

    private Malformation malformation;
    private int ipVersion;
    private int protocol;
    private int ipLength;
    private int transportOffset;
    private boolean fragment;
    private int fragmentOffset;
    private boolean transportHeader;
    private int sourcePort;
    private int destinationPort;
    private int tcpFlags;
    private long tcpSequence;
    private int icmpType;
    private int icmpCode;
    private int icmpIdentifier;
    private int payloadOffset;
    private int payloadLength;
    private boolean quoted;
    private int quotedProtocol;
    private int quotedSourcePort;
    private int quotedDestinationPort;
    private int extensionHeaders;

    /**
     * Parses the IP packet in {@code buffer[offset, offset + captured)}.
     *
     * @param captured how many bytes of the packet are present
     * @param original the packet's real length; larger than {@code captured} only when the capture
     *     was cut short (nfqueue copy range), in which case length fields are checked against it and
     *     only the headers must be present
     * @return true if the packet is well formed; otherwise {@link #malformation()} says why
     */
    public boolean parse(ByteBuffer buffer, int offset, int captured, int original) {
        reset();
        if (captured <= 0) {
            return fail(Malformation.EMPTY);
        }
        int version = (buffer.get(offset) & 0xff) >>> 4;
        if (version == 4) {
            return parseIpv4(buffer, offset, captured, Math.max(original, captured));
        }
        if (version == 6) {
            return parseIpv6(buffer, offset, captured, Math.max(original, captured));
        }
        return fail(Malformation.BAD_VERSION);
    }

    /** Parses a packet that was captured whole. */
    public boolean parse(ByteBuffer buffer, int offset, int length) {
        return parse(buffer, offset, length, length);
    }

    /** Parses a packet held in an array, captured whole. */
    public boolean parse(byte[] packet) {
        return parse(ByteBuffer.wrap(packet), 0, packet.length);
    }

    private void reset() {
        malformation = null;
        ipVersion = 0;
        protocol = -1;
        ipLength = 0;
        transportOffset = 0;
        fragment = false;
        fragmentOffset = 0;
        transportHeader = false;
        sourcePort = 0;
        destinationPort = 0;
        tcpFlags = 0;
        tcpSequence = 0;
        icmpType = -1;
        icmpCode = -1;
        icmpIdentifier = -1;
        payloadOffset = 0;
        payloadLength = 0;
        quoted = false;
        quotedProtocol = -1;
        quotedSourcePort = 0;
        quotedDestinationPort = 0;
        extensionHeaders = 0;
    }

    private boolean fail(Malformation reason) {
        malformation = reason;
        return false;
    }

    private boolean parseIpv4(ByteBuffer b, int start, int captured, int original) {
        if (captured < IPV4_MIN_HEADER) {
            return fail(Malformation.TRUNCATED_IP_HEADER);
        }
        int headerLength = (b.get(start) & 0x0f) * 4;
        if (headerLength < IPV4_MIN_HEADER || headerLength > captured) {
            return fail(Malformation.BAD_IHL);
        }
        int totalLength = u16(b, start + 2);
        if (totalLength < headerLength || totalLength > original) {
            return fail(Malformation.BAD_TOTAL_LENGTH);
        }
        ipVersion = 4;
        ipLength = totalLength;
        int flagsAndOffset = u16(b, start + 6);
        fragmentOffset = (flagsAndOffset & 0x1fff) * 8;
        fragment = fragmentOffset != 0 || (flagsAndOffset & 0x2000) != 0;
        protocol = b.get(start + 9) & 0xff;
        copy(b, start + 12, source, 4);
        copy(b, start + 16, destination, 4);
        transportOffset = headerLength;
        return parseTransport(b, start, Math.min(captured, totalLength), totalLength);
    }

    private boolean parseIpv6(ByteBuffer b, int start, int captured, int original) {
        if (captured < IPV6_HEADER) {
            return fail(Malformation.TRUNCATED_IP_HEADER);
        }
        int payload = u16(b, start + 4);
        // A payload length of 0 announces a jumbogram (RFC 2675); its real length comes from the capture.
        int totalLength = payload == 0 ? original : IPV6_HEADER + payload;
        if (totalLength > original) {
            return fail(Malformation.BAD_TOTAL_LENGTH);
        }
        ipVersion = 6;
        ipLength = totalLength;
        copy(b, start + 8, source, 16);
        copy(b, start + 24, destination, 16);
        int available = Math.min(captured, totalLength);
        int next = b.get(start + 6) & 0xff;
        int offset = IPV6_HEADER;
        while (isExtensionHeader(next)) {
            if (extensionHeaders == MAX_EXTENSION_HEADERS) {
                return fail(Malformation.TOO_MANY_EXTENSION_HEADERS);
            }
            extensionHeaders++;
            if (offset + 8 > available) {
                return fail(Malformation.TRUNCATED_EXTENSION_HEADER);
            }
            int following = b.get(start + offset) & 0xff;
            int length;
            if (next == IpProtocol.FRAGMENT) {
                length = 8;
                int offsetAndFlags = u16(b, start + offset + 2);
                fragment = true;
                fragmentOffset = offsetAndFlags & 0xfff8;
            } else if (next == IpProtocol.AH) {
                length = ((b.get(start + offset + 1) & 0xff) + 2) * 4;
            } else {
                length = ((b.get(start + offset + 1) & 0xff) + 1) * 8;
            }
            if (offset + length > available) {
                return fail(Malformation.TRUNCATED_EXTENSION_HEADER);
            }
            offset += length;
            next = following;
            if (fragment && fragmentOffset != 0) {
                break;
            }
        }
        protocol = next;
        transportOffset = offset;
        return parseTransport(b, start, available, totalLength);
    }

    private static boolean isExtensionHeader(int next) {
        return next == IpProtocol.HOP_BY_HOP || next == IpProtocol.ROUTING || next == IpProtocol.FRAGMENT
                || next == IpProtocol.DESTINATION_OPTIONS || next == IpProtocol.AH || next == IpProtocol.MOBILITY;
    }

    /**
     * @param available bytes of the packet present in the buffer (not past the IP length)
     * @param totalLength the IP length (may exceed {@code available} for a cut-short capture)
     */
    private boolean parseTransport(ByteBuffer b, int start, int available, int totalLength) {
        int t = transportOffset;
        payloadOffset = t;
        payloadLength = totalLength - t;
        if (fragment && fragmentOffset != 0) {
            return true;
        }
        int remaining = available - t;
        int length = totalLength - t;
        switch (protocol) {
            case IpProtocol.TCP -> {
                if (remaining < TCP_MIN_HEADER) {
                    return fail(Malformation.TRUNCATED_TRANSPORT_HEADER);
                }
                int dataOffset = ((b.get(start + t + 12) & 0xff) >>> 4) * 4;
                if (dataOffset < TCP_MIN_HEADER || dataOffset > remaining) {
                    return fail(Malformation.BAD_TCP_DATA_OFFSET);
                }
                sourcePort = u16(b, start + t);
                destinationPort = u16(b, start + t + 2);
                tcpSequence = b.getInt(start + t + 4) & 0xffffffffL;
                tcpFlags = ((b.get(start + t + 12) & 0x01) << 8) | (b.get(start + t + 13) & 0xff);
                payloadOffset = t + dataOffset;
                payloadLength = length - dataOffset;
            }
            case IpProtocol.UDP, IpProtocol.UDPLITE -> {
                if (remaining < UDP_HEADER) {
                    return fail(Malformation.TRUNCATED_TRANSPORT_HEADER);
                }
                int udpLength = u16(b, start + t + 4);
                // UDP-Lite puts a checksum coverage there instead of a length; 0 means "whole packet".
                // A first fragment's UDP length covers the whole datagram, so it may exceed this packet.
                if (protocol == IpProtocol.UDP
                        && (udpLength < UDP_HEADER || (udpLength > length && !fragment))) {
                    return fail(Malformation.BAD_UDP_LENGTH);
                }
                sourcePort = u16(b, start + t);
                destinationPort = u16(b, start + t + 2);
                payloadOffset = t + UDP_HEADER;
                payloadLength = (protocol == IpProtocol.UDP ? udpLength : length) - UDP_HEADER;
            }
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> {
                if (remaining < ICMP_HEADER) {
                    return fail(Malformation.TRUNCATED_TRANSPORT_HEADER);
                }
                icmpType = b.get(start + t) & 0xff;
                icmpCode = b.get(start + t + 1) & 0xff;
                payloadOffset = t + ICMP_HEADER;
                payloadLength = length - ICMP_HEADER;
                if (isEcho()) {
                    icmpIdentifier = u16(b, start + t + 4);
                } else if (isError()) {
                    parseQuoted(b, start + t + ICMP_HEADER, remaining - ICMP_HEADER);
                }
            }
            default -> {
                if (IpProtocol.hasPorts(protocol)) {
                    if (remaining < 4) {
                        return fail(Malformation.TRUNCATED_TRANSPORT_HEADER);
                    }
                    sourcePort = u16(b, start + t);
                    destinationPort = u16(b, start + t + 2);
                }
            }
        }
        transportHeader = true;
        return true;
    }

    private boolean isEcho() {
        if (protocol == IpProtocol.ICMP) {
            return icmpType == 0 || icmpType == 8;
        }
        return icmpType == 128 || icmpType == 129;
    }

    private boolean isError() {
        if (protocol == IpProtocol.ICMP) {
            return icmpType == 3 || icmpType == 4 || icmpType == 5 || icmpType == 11 || icmpType == 12;
        }
        return icmpType >= 1 && icmpType <= 4;
    }

    /**
     * Reads the IP header and the first 8 transport bytes that an ICMP error quotes. Errors are
     * often cut short by the sender, so a quote that does not parse is simply not exposed; it never
     * makes the ICMP packet itself malformed.
     */
    private void parseQuoted(ByteBuffer b, int at, int remaining) {
        if (remaining < 1) {
            return;
        }
        int version = (b.get(at) & 0xff) >>> 4;
        int headerLength;
        if (protocol == IpProtocol.ICMP && version == 4) {
            headerLength = (b.get(at) & 0x0f) * 4;
            if (headerLength < IPV4_MIN_HEADER || remaining < headerLength) {
                return;
            }
            quotedProtocol = b.get(at + 9) & 0xff;
            copy(b, at + 12, quotedSource, 4);
            copy(b, at + 16, quotedDestination, 4);
        } else if (protocol == IpProtocol.ICMPV6 && version == 6) {
            headerLength = IPV6_HEADER;
            if (remaining < headerLength) {
                return;
            }
            // Only a quote whose transport header follows directly is read; following its
            // extension headers is not worth the cost on this path.
            quotedProtocol = b.get(at + 6) & 0xff;
            copy(b, at + 8, quotedSource, 16);
            copy(b, at + 24, quotedDestination, 16);
        } else {
            return;
        }
        quoted = true;
        if (IpProtocol.hasPorts(quotedProtocol) && remaining >= headerLength + 4) {
            quotedSourcePort = u16(b, at + headerLength);
            quotedDestinationPort = u16(b, at + headerLength + 2);
        }
    }

    private static int u16(ByteBuffer b, int offset) {
        return ((b.get(offset) & 0xff) << 8) | (b.get(offset + 1) & 0xff);
    }

    private static void copy(ByteBuffer b, int offset, byte[] into, int length) {
        for (int i = 0; i < length; i++) {
            into[i] = b.get(offset + i);
        }
    }

    /** Why the last parse failed, or null if it succeeded. */
    public Malformation malformation() {
        return malformation;
    }

    /** 4 or 6. */
    public int ipVersion() {
        return ipVersion;
    }

    /** The transport protocol after any IPv6 extension headers (e.g. 6 for TCP). */
    public int protocol() {
        return protocol;
    }

    /** The packet length according to its IP header. */
    public int ipLength() {
        return ipLength;
    }

    /** Offset of the transport header from the start of the packet (IP header plus extensions). */
    public int transportOffset() {
        return transportOffset;
    }

    public int extensionHeaderCount() {
        return extensionHeaders;
    }

    public boolean isFragment() {
        return fragment;
    }

    /** Byte offset of this fragment in the original datagram; 0 for the first fragment. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** False for non-first fragments, whose transport header is in another packet. */
    public boolean hasTransportHeader() {
        return transportHeader;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /** TCP flags in their header bit positions (FIN 0x01 ... CWR 0x80, NS 0x100); 0 for other protocols. */
    public int tcpFlags() {
        return tcpFlags;
    }

    public boolean isTcpSyn() {
        return protocol == IpProtocol.TCP && (tcpFlags & 0x02) != 0 && (tcpFlags & 0x10) == 0;
    }

    public long tcpSequence() {
        return tcpSequence;
    }

    /** ICMP or ICMPv6 type, -1 for other protocols. */
    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** Identifier of an echo request or reply, -1 otherwise. */
    public int icmpIdentifier() {
        return icmpIdentifier;
    }

    /** Offset of the transport payload from the start of the packet. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Length of the transport payload according to the headers (may exceed what was captured). */
    public int payloadLength() {
        return payloadLength;
    }

    /** Whether this ICMP error quoted an IP header the parser could read. */
    public boolean hasQuotedPacket() {
        return quoted;
    }

    public int quotedProtocol() {
        return quotedProtocol;
    }

    public int quotedSourcePort() {
        return quotedSourcePort;
    }

    public int quotedDestinationPort() {
        return quotedDestinationPort;
    }

    /** Address length: 4 or 16 bytes. */
    public int addressLength() {
        return ipVersion == 4 ? 4 : 16;
    }

    /** Source address byte {@code i} without allocating. */
    public byte sourceByte(int i) {
        return source[i];
    }

    /** Destination address byte {@code i} without allocating. */
    public byte destinationByte(int i) {
        return destination[i];
    }

    /** Copies the source address into {@code into} (at least {@link #addressLength()} long). */
    public void copySource(byte[] into) {
        System.arraycopy(source, 0, into, 0, addressLength());
    }

    /** Copies the destination address into {@code into} (at least {@link #addressLength()} long). */
    public void copyDestination(byte[] into) {
        System.arraycopy(destination, 0, into, 0, addressLength());
    }

    public InetAddress sourceAddress() {
        return address(source, addressLength());
    }

    public InetAddress destinationAddress() {
        return address(destination, addressLength());
    }

    public InetAddress quotedSourceAddress() {
        return quoted ? address(quotedSource, addressLength()) : null;
    }

    public InetAddress quotedDestinationAddress() {
        return quoted ? address(quotedDestination, addressLength()) : null;
    }

    /** The packet's addresses and ports, source to destination. */
    public FiveTuple tuple() {
        return new FiveTuple(protocol, sourceAddress(), sourcePort, destinationAddress(), destinationPort);
    }

    private static InetAddress address(byte[] bytes, int length) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOf(bytes, length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + length, e);
        }
    }

    @Override
    public String toString() {
        if (malformation != null) {
            return "malformed: " + malformation.description();
        }
        return "IPv" + ipVersion + " " + tuple() + (fragment ? " fragment@" + fragmentOffset : "")
                + (protocol == IpProtocol.TCP ? " flags=0x" + Integer.toHexString(tcpFlags) : "")
                + (icmpType >= 0 ? " icmp " + icmpType + "/" + icmpCode : "");
    }
}
