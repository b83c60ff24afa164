package org.netreeve.interception.packet;

import org.netreeve.net.FiveTuple;
import org.netreeve.net.IpProtocol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netreeve.interception.packet.Packets.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IpPacketTest {
    private final IpPacket packet = new IpPacket();

    private void assertMalformed(byte[] bytes, Malformation expected) {
        assertFalse(packet.parse(bytes), () -> "parsed although malformed: " + packet);
        assertEquals(expected, packet.malformation());
    }

    @Nested
    class Ipv4 {
        @Test
        void readsTcpSynAddressesPortsFlagsAndSequence() throws Exception {
            assertTrue(packet.parse(ipv4(6, tcp(40000, 443, 0xfedcba98L, 0x02, 5, 0))));
            assertNull(packet.malformation());
            assertEquals(4, packet.ipVersion());
            assertEquals(IpProtocol.TCP, packet.protocol());
            assertEquals(40000, packet.sourcePort());
            assertEquals(443, packet.destinationPort());
            assertEquals(0x02, packet.tcpFlags());
            assertTrue(packet.isTcpSyn());
            assertEquals(0xfedcba98L, packet.tcpSequence());
            assertEquals(InetAddress.getByName("10.0.0.1"), packet.sourceAddress());
            assertEquals(InetAddress.getByName("192.168.1.2"), packet.destinationAddress());
            assertEquals(40, packet.payloadOffset());
            assertEquals(0, packet.payloadLength());
            assertTrue(packet.hasTransportHeader());
            assertFalse(packet.isFragment());
        }

        @Test
        void synAckIsNotASyn() {
            assertTrue(packet.parse(ipv4(6, tcp(443, 40000, 1, 0x12, 5, 0))));
            assertFalse(packet.isTcpSyn());
        }

        @Test
        void readsTcpNsFlagAndPayloadAfterOptions() {
            assertTrue(packet.parse(ipv4(6, tcp(1, 2, 3, 0x118, 8, 100), 2, 0)));
            assertEquals(0x118, packet.tcpFlags());
            assertEquals(28, packet.transportOffset());
            assertEquals(28 + 32, packet.payloadOffset());
            assertEquals(100, packet.payloadLength());
        }

        @Test
        void readsUdpPortsAndPayload() {
            assertTrue(packet.parse(ipv4(17, udp(5353, 53, 30))));
            assertEquals(IpProtocol.UDP, packet.protocol());
            assertEquals(5353, packet.sourcePort());
            assertEquals(53, packet.destinationPort());
            assertEquals(28, packet.payloadOffset());
            assertEquals(30, packet.payloadLength());
        }

        @Test
        void readsIcmpEchoTypeCodeAndIdentifier() {
            assertTrue(packet.parse(ipv4(1, icmp(8, 0, 0x4242, new byte[16]))));
            assertEquals(8, packet.icmpType());
            assertEquals(0, packet.icmpCode());
            assertEquals(0x4242, packet.icmpIdentifier());
            assertEquals(0, packet.sourcePort());
            assertFalse(packet.hasQuotedPacket());
        }

        @Test
        void exposesThePacketQuotedByAnIcmpError() throws Exception {
            byte[] quoted = Arrays.copyOf(ipv4(17, udp(33000, 53, 0)), 28);
            assertTrue(packet.parse(ipv4(1, icmp(3, 3, 0, quoted))));
            assertTrue(packet.hasQuotedPacket());
            assertEquals(IpProtocol.UDP, packet.quotedProtocol());
            assertEquals(33000, packet.quotedSourcePort());
            assertEquals(53, packet.quotedDestinationPort());
            assertEquals(InetAddress.getByName("192.168.1.2"), packet.quotedDestinationAddress());
        }

        @Test
        void anIcmpErrorWithACutQuoteIsStillWellFormed() {
            assertTrue(packet.parse(ipv4(1, icmp(11, 0, 0, new byte[] {0x45, 0, 0}))));
            assertFalse(packet.hasQuotedPacket());
        }

        @Test
        void firstFragmentHasItsTransportHeader() {
            assertTrue(packet.parse(ipv4(17, udp(1000, 2000, 8), 0, 0x2000)));
            assertTrue(packet.isFragment());
            assertEquals(0, packet.fragmentOffset());
            assertEquals(2000, packet.destinationPort());
        }

        @Test
        void aFirstFragmentWhoseUdpLengthCoversTheWholeDatagramIsWellFormed() {
            byte[] datagram = udp(1000, 2000, 8);
            put16(datagram, 4, 3000);
            assertTrue(packet.parse(ipv4(17, datagram, 0, 0x2000)), () -> String.valueOf(packet.malformation()));
            assertEquals(2000, packet.destinationPort());
            assertEquals(2992, packet.payloadLength());
        }

        @Test
        void laterFragmentHasNoPortsAndIsNotMalformed() {
            assertTrue(packet.parse(ipv4(6, new byte[3], 0, 0x0010)));
            assertTrue(packet.isFragment());
            assertEquals(128, packet.fragmentOffset());
            assertFalse(packet.hasTransportHeader());
            assertEquals(0, packet.sourcePort());
            assertEquals(0, packet.destinationPort());
        }

        @Test
        void readsPortsOfSctp() {
            assertTrue(packet.parse(ipv4(132, new byte[] {0, 7, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0})));
            assertEquals(7, packet.sourcePort());
            assertEquals(9, packet.destinationPort());
        }

        @Test
        void unknownProtocolIsWellFormedWithoutPorts() {
            assertTrue(packet.parse(ipv4(47, new byte[4])));
            assertEquals(47, packet.protocol());
            assertEquals(0, packet.sourcePort());
        }

        @Test
        void aCaptureCutShortByTheCopyRangeIsWellFormed() {
            byte[] whole = ipv4(6, tcp(1, 2, 3, 0x10, 5, 1000));
            ByteBuffer buffer = ByteBuffer.wrap(whole);
            assertTrue(packet.parse(buffer, 0, 100, whole.length));
            assertEquals(1000, packet.payloadLength());
            assertEquals(whole.length, packet.ipLength());
        }

        @Test
        void parsesAtAnOffsetInsideALargerBuffer() {
            byte[] inner = ipv4(17, udp(1, 2, 0));
            byte[] outer = concat(new byte[13], inner, new byte[7]);
            assertTrue(packet.parse(ByteBuffer.wrap(outer), 13, inner.length));
            assertEquals(2, packet.destinationPort());
        }

        @Test
        void trailingBytesBeyondTheTotalLengthAreIgnored() {
            byte[] padded = concat(ipv4(17, udp(1, 2, 0)), new byte[10]);
            assertTrue(packet.parse(padded));
            assertEquals(0, packet.payloadLength());
        }

        @Test
        void rejectsAnEmptyPacket() {
            assertMalformed(new byte[0], Malformation.EMPTY);
        }

        @Test
        void rejectsAnUnknownVersion() {
            byte[] bytes = ipv4(6, tcp(1, 2, 3, 2, 5, 0));
            bytes[0] = 0x55;
            assertMalformed(bytes, Malformation.BAD_VERSION);
        }

        @Test
        void rejectsAHeaderShorterThan20Bytes() {
            assertMalformed(Arrays.copyOf(ipv4(6, tcp(1, 2, 3, 2, 5, 0)), 19), Malformation.TRUNCATED_IP_HEADER);
        }

        @Test
        void rejectsAnIhlBelowFive() {
            byte[] bytes = ipv4(6, tcp(1, 2, 3, 2, 5, 0));
            bytes[0] = 0x44;
            assertMalformed(bytes, Malformation.BAD_IHL);
        }

        @Test
        void rejectsAnIhlPastTheCapturedBytes() {
            byte[] bytes = Arrays.copyOf(ipv4(6, new byte[0]), 24);
            bytes[0] = 0x4f;
            assertMalformed(bytes, Malformation.BAD_IHL);
        }

        @Test
        void rejectsATotalLengthBelowTheHeaderLength() {
            byte[] bytes = ipv4(6, tcp(1, 2, 3, 2, 5, 0));
            put16(bytes, 2, 19);
            assertMalformed(bytes, Malformation.BAD_TOTAL_LENGTH);
        }

        @Test
        void rejectsATotalLengthPastTheCapturedBytes() {
            byte[] bytes = ipv4(6, tcp(1, 2, 3, 2, 5, 0));
            put16(bytes, 2, bytes.length + 1);
            assertMalformed(bytes, Malformation.BAD_TOTAL_LENGTH);
        }

        @Test
        void rejectsATruncatedTcpHeader() {
            assertMalformed(ipv4(6, new byte[19]), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }

        @Test
        void rejectsATcpDataOffsetBelowFive() {
            assertMalformed(ipv4(6, tcp(1, 2, 3, 2, 4, 0)), Malformation.BAD_TCP_DATA_OFFSET);
        }

        @Test
        void rejectsATcpDataOffsetPastTheEnd() {
            byte[] segment = tcp(1, 2, 3, 2, 5, 0);
            segment[12] = (byte) 0xf0;
            assertMalformed(ipv4(6, segment), Malformation.BAD_TCP_DATA_OFFSET);
        }

        @Test
        void rejectsATruncatedUdpHeader() {
            assertMalformed(ipv4(17, new byte[7]), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }

        @Test
        void rejectsAUdpLengthBelowEight() {
            byte[] datagram = udp(1, 2, 4);
            put16(datagram, 4, 7);
            assertMalformed(ipv4(17, datagram), Malformation.BAD_UDP_LENGTH);
        }

        @Test
        void rejectsAUdpLengthPastTheIpPacket() {
            byte[] datagram = udp(1, 2, 4);
            put16(datagram, 4, 13);
            assertMalformed(ipv4(17, datagram), Malformation.BAD_UDP_LENGTH);
        }

        @Test
        void rejectsATruncatedIcmpHeader() {
            assertMalformed(ipv4(1, new byte[7]), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }

        @Test
        void rejectsATruncatedHeaderOfAPortProtocol() {
            assertMalformed(ipv4(132, new byte[3]), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }

        @Test
        void rejectsAFirstFragmentWithoutItsTransportHeader() {
            assertMalformed(ipv4(6, new byte[8], 0, 0x2000), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }
    }

    @Nested
    class Ipv6 {
        @Test
        void readsTcpAddressesAndPorts() throws Exception {
            assertTrue(packet.parse(ipv6(6, tcp(50000, 22, 7, 0x02, 5, 0))));
            assertEquals(6, packet.ipVersion());
            assertEquals(IpProtocol.TCP, packet.protocol());
            assertEquals(22, packet.destinationPort());
            assertEquals(InetAddress.getByName("2001:db8::1"), packet.sourceAddress());
            assertEquals(InetAddress.getByName("2001:db8::2"), packet.destinationAddress());
            assertEquals(40, packet.transportOffset());
            byte[] copy = new byte[16];
            packet.copyDestination(copy);
            assertArrayEquals(V6_DST, copy);
        }

        @Test
        void followsHopByHopRoutingAndDestinationOptionsToUdp() {
            byte[] chain = concat(extension(43, 0), extension(60, 1), extension(17, 0), udp(1, 53, 4));
            assertTrue(packet.parse(ipv6(0, chain)));
            assertEquals(IpProtocol.UDP, packet.protocol());
            assertEquals(3, packet.extensionHeaderCount());
            assertEquals(40 + 8 + 16 + 8, packet.transportOffset());
            assertEquals(53, packet.destinationPort());
            assertEquals(4, packet.payloadLength());
        }

        @Test
        void followsAnAuthenticationHeader() {
            byte[] chain = concat(authenticationHeader(6, 4), tcp(9, 10, 0, 2, 5, 0));
            assertTrue(packet.parse(ipv6(51, chain)));
            assertEquals(IpProtocol.TCP, packet.protocol());
            assertEquals(40 + 24, packet.transportOffset());
            assertEquals(10, packet.destinationPort());
        }

        @Test
        void firstFragmentHasPorts() {
            assertTrue(packet.parse(ipv6(44, concat(fragmentHeader(17, 0, true), udp(4, 5, 8)))));
            assertTrue(packet.isFragment());
            assertEquals(IpProtocol.UDP, packet.protocol());
            assertEquals(5, packet.destinationPort());
        }

        @Test
        void aFirstFragmentWhoseUdpLengthCoversTheWholeDatagramIsWellFormed() {
            byte[] datagram = udp(4, 5, 8);
            put16(datagram, 4, 5000);
            assertTrue(packet.parse(ipv6(44, concat(fragmentHeader(17, 0, true), datagram))));
            assertEquals(5, packet.destinationPort());
        }

        @Test
        void laterFragmentHasNoTransportHeader() {
            assertTrue(packet.parse(ipv6(44, concat(fragmentHeader(6, 1448, false), new byte[5]))));
            assertTrue(packet.isFragment());
            assertEquals(1448, packet.fragmentOffset());
            assertEquals(IpProtocol.TCP, packet.protocol());
            assertFalse(packet.hasTransportHeader());
        }

        @Test
        void noNextHeaderEndsTheChainWithoutTransport() {
            assertTrue(packet.parse(ipv6(60, extension(59, 0))));
            assertEquals(IpProtocol.NO_NEXT_HEADER, packet.protocol());
            assertEquals(0, packet.destinationPort());
        }

        @Test
        void readsIcmpv6EchoAndQuotedErrors() throws Exception {
            assertTrue(packet.parse(ipv6(58, icmp(128, 0, 77, new byte[8]))));
            assertEquals(128, packet.icmpType());
            assertEquals(77, packet.icmpIdentifier());

            byte[] quoted = Arrays.copyOf(ipv6(6, tcp(41000, 443, 0, 2, 5, 0)), 48);
            assertTrue(packet.parse(ipv6(58, icmp(1, 4, 0, quoted))));
            assertEquals(1, packet.icmpType());
            assertEquals(4, packet.icmpCode());
            assertTrue(packet.hasQuotedPacket());
            assertEquals(IpProtocol.TCP, packet.quotedProtocol());
            assertEquals(41000, packet.quotedSourcePort());
            assertEquals(443, packet.quotedDestinationPort());
            assertEquals(InetAddress.getByName("2001:db8::2"), packet.quotedDestinationAddress());
        }

        @Test
        void aJumboPayloadLengthTakesTheCapturedLength() {
            byte[] bytes = ipv6(17, udp(1, 2, 0));
            put16(bytes, 4, 0);
            assertTrue(packet.parse(bytes));
            assertEquals(bytes.length, packet.ipLength());
        }

        @Test
        void rejectsAHeaderShorterThan40Bytes() {
            assertMalformed(Arrays.copyOf(ipv6(6, new byte[0]), 39), Malformation.TRUNCATED_IP_HEADER);
        }

        @Test
        void rejectsAPayloadLengthPastTheCapturedBytes() {
            byte[] bytes = ipv6(17, udp(1, 2, 0));
            put16(bytes, 4, 9);
            assertMalformed(bytes, Malformation.BAD_TOTAL_LENGTH);
        }

        @Test
        void rejectsAnExtensionHeaderCutOffBeforeItsFirstEightBytes() {
            assertMalformed(ipv6(0, new byte[4]), Malformation.TRUNCATED_EXTENSION_HEADER);
        }

        @Test
        void rejectsAnExtensionHeaderLongerThanThePacket() {
            byte[] header = extension(17, 0);
            header[1] = 3;
            assertMalformed(ipv6(60, concat(header, new byte[8])), Malformation.TRUNCATED_EXTENSION_HEADER);
        }

        @Test
        void rejectsAChainLongerThanTheParserFollows() {
            byte[][] headers = new byte[IpPacket.MAX_EXTENSION_HEADERS + 1][];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = extension(i == headers.length - 1 ? 17 : 60, 0);
            }
            assertMalformed(ipv6(60, concat(concat(headers), udp(1, 2, 0))),
                    Malformation.TOO_MANY_EXTENSION_HEADERS);
        }

        @Test
        void acceptsAChainOfExactlyTheLimit() {
            byte[][] headers = new byte[IpPacket.MAX_EXTENSION_HEADERS][];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = extension(i == headers.length - 1 ? 17 : 60, 0);
            }
            assertTrue(packet.parse(ipv6(60, concat(concat(headers), udp(1, 2, 0)))));
            assertEquals(IpPacket.MAX_EXTENSION_HEADERS, packet.extensionHeaderCount());
        }

        @Test
        void rejectsATruncatedTcpHeaderAfterExtensions() {
            assertMalformed(ipv6(0, concat(extension(6, 0), new byte[10])), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }

        @Test
        void rejectsATruncatedIcmpv6Header() {
            assertMalformed(ipv6(58, new byte[3]), Malformation.TRUNCATED_TRANSPORT_HEADER);
        }
    }

    @Test
    void everyFieldIsResetBetweenPackets() {
        assertTrue(packet.parse(ipv4(6, tcp(1000, 2000, 5, 0x02, 5, 0))));
        assertFalse(packet.parse(ipv4(6, new byte[2])));
        assertEquals(Malformation.TRUNCATED_TRANSPORT_HEADER, packet.malformation());
        assertTrue(packet.parse(ipv6(58, icmp(128, 0, 1, new byte[0]))));
        assertNull(packet.malformation());
        assertEquals(0, packet.sourcePort());
        assertEquals(0, packet.tcpFlags());
        assertFalse(packet.isFragment());
    }

    @Test
    void tupleCarriesProtocolAddressesAndPorts() throws Exception {
        assertTrue(packet.parse(ipv4(17, udp(5000, 53, 0))));
        FiveTuple tuple = packet.tuple();
        assertEquals(new FiveTuple(17, InetAddress.getByName("10.0.0.1"), 5000, InetAddress.getByName("192.168.1.2"),
                53), tuple);
        assertEquals(4, tuple.ipVersion());
        assertEquals(53, tuple.reversed().sourcePort());
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[random.nextInt(120)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = (byte) ((random.nextBoolean() ? 0x40 : 0x60) | (bytes[0] & 0x0f));
            }
            boolean ok = packet.parse(bytes);
            assertEquals(ok, packet.malformation() == null);
        }
    }
}
