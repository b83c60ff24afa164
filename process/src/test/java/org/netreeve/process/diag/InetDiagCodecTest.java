package org.netreeve.process.diag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class InetDiagCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String spaced) {
    return HEX.parseHex(spaced.replaceAll("\\s+", ""));
  }

  @Test
  void encodesAnIpv4TcpLookupOnALittleEndianHost() throws Exception {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer buffer = ByteBuffer.allocate(InetDiagCodec.REQUEST_LENGTH);
    int length = codec.encodeLookup(buffer, 0x01020304, InetDiagCodec.AF_INET,
        InetDiagCodec.IPPROTO_TCP, InetAddress.getByName("10.0.0.2").getAddress(), 41000,
        InetAddress.getByName("93.184.216.34").getAddress(), 443, 7);
    assertEquals(72, length);
    byte[] expected = hex("""
        48000000 1400 0100 04030201 00000000
        02 06 00 00 ffffffff
        a028 01bb
        0a000002 00000000 00000000 00000000
        5db8d822 00000000 00000000 00000000
        07000000
        ffffffff ffffffff
        """);
    assertArrayEquals(expected, buffer.array());
  }

  @Test
  void encodesAnIpv6UdpLookupOnABigEndianHost() throws Exception {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.BIG_ENDIAN);
    ByteBuffer buffer = ByteBuffer.allocate(InetDiagCodec.REQUEST_LENGTH);
    codec.encodeLookup(buffer, 5, InetDiagCodec.AF_INET6, InetDiagCodec.IPPROTO_UDP,
        InetAddress.getByName("2001:db8::1").getAddress(), 53,
        InetAddress.getByName("::1").getAddress(), 5353, 0);
    byte[] expected = hex("""
        00000048 0014 0001 00000005 00000000
        0a 11 00 00 ffffffff
        0035 14e9
        20010db8 00000000 00000000 00000001
        00000000 00000000 00000000 00000001
        00000000
        ffffffff ffffffff
        """);
    assertArrayEquals(expected, buffer.array());
  }

  @Test
  void encodesADumpFilteredByLocalPort() {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer buffer = ByteBuffer.allocate(InetDiagCodec.DUMP_BY_PORT_LENGTH);
    int length = codec.encodeDumpByLocalPort(buffer, 9, InetDiagCodec.AF_INET6,
        InetDiagCodec.IPPROTO_UDP, 41000);
    assertEquals(92, length);
    byte[] expected = hex("""
        5c000000 1400 0103 09000000 00000000
        0a 11 00 00 ffffffff
        0000 0000
        00000000 00000000 00000000 00000000
        00000000 00000000 00000000 00000000
        00000000
        ffffffff ffffffff
        1400 0100
        02 08 1400  00 00 28a0
        03 08 0c00  00 00 28a0
        """);
    assertArrayEquals(expected, buffer.array());
  }

  @Test
  void rejectsBadArguments() {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer buffer = ByteBuffer.allocate(72);
    byte[] v4 = new byte[4];
    assertThrows(IllegalArgumentException.class,
        () -> codec.encodeLookup(buffer, 1, 1, 6, v4, 1, v4, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> codec.encodeLookup(buffer, 1, InetDiagCodec.AF_INET, 6, v4, 70000, v4, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> codec.encodeLookup(buffer, 1, InetDiagCodec.AF_INET6, 6, v4, 1, v4, 1, 0));
  }

  /** An answer as the kernel sends it for a dual-stack socket carrying IPv4: family AF_INET6. */
  private static final String DUAL_STACK_REPLY = """
      68000000 1400 0200 2a000000 39300000
      0a 01 00 00
      ca40 0050
      00000000 00000000 0000ffff 7f000001
      00000000 00000000 0000ffff 7f000002
      00000000
      efbeadde 01000000
      00000000 00000000 00000000 e8030000 39300000
      08000800 00000000
      08000f00 00000000
      """;

  @Test
  void decodesASocketAndIgnoresTrailingAttributes() throws Exception {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = hex(DUAL_STACK_REPLY);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertEquals(104, codec.messageLength(buffer, 0));
    assertEquals(InetDiagCodec.SOCK_DIAG_BY_FAMILY, codec.messageType(buffer, 0));
    assertEquals(42, codec.messageSequence(buffer, 0));
    SocketEntry entry = codec.decodeSocket(buffer, 0, bytes.length);
    assertEquals(InetDiagCodec.AF_INET6, entry.family());
    assertEquals(SocketState.ESTABLISHED, entry.state());
    assertEquals(51776, entry.localPort());
    assertEquals(80, entry.remotePort());
    assertEquals(InetAddress.getByName("127.0.0.1"), entry.local());
    assertEquals(InetAddress.getByName("127.0.0.2"), entry.remote());
    assertEquals(0x1_DEADBEEFL, entry.cookie());
    assertEquals(1000, entry.uid());
    assertEquals(12345, entry.inode());
  }

  @Test
  void decodesAnIpv4ListenerOnABigEndianHost() throws Exception {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.BIG_ENDIAN);
    byte[] bytes = hex("""
        00000058 0014 0002 00000001 00000000
        02 0a 00 00
        0016 0000
        00000000 00000000 00000000 00000000
        00000000 00000000 00000000 00000000
        00000002
        00000001 00000000
        00000000 00000000 00000000 00000000 ffffffff
        """);
    SocketEntry entry = codec.decodeSocket(ByteBuffer.wrap(bytes), 0, bytes.length);
    assertEquals(InetDiagCodec.AF_INET, entry.family());
    assertEquals(SocketState.LISTEN, entry.state());
    assertEquals(22, entry.localPort());
    assertEquals(4, entry.localAddress().length);
    assertEquals(2, entry.ifIndex());
    assertEquals(1, entry.cookie());
    assertEquals(0, entry.uid());
    assertEquals(0xFFFFFFFFL, entry.inode(), "the inode is unsigned");
  }

  @Test
  void readsTheErrnoOfAnErrorMessage() {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = hex("""
        24000000 0200 0000 07000000 39300000
        feffffff
        48000000 1400 0100 07000000 00000000
        """);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertEquals(InetDiagCodec.NLMSG_ERROR, codec.messageType(buffer, 0));
    assertEquals(7, codec.messageSequence(buffer, 0));
    assertEquals(-2, codec.errorCode(buffer, 0), "-ENOENT");
  }

  @Test
  void rejectsTruncatedAndUnknownReplies() {
    InetDiagCodec codec = new InetDiagCodec(ByteOrder.LITTLE_ENDIAN);
    byte[] bytes = hex(DUAL_STACK_REPLY);
    IllegalArgumentException shortReply = assertThrows(IllegalArgumentException.class,
        () -> codec.decodeSocket(ByteBuffer.wrap(bytes), 0, 40));
    assertEquals("inet_diag reply of 104 bytes (40 received) is shorter than the 88 bytes of an "
        + "inet_diag_msg", shortReply.getMessage());
    bytes[16] = 1; // AF_UNIX
    IllegalArgumentException family = assertThrows(IllegalArgumentException.class,
        () -> codec.decodeSocket(ByteBuffer.wrap(bytes), 0, bytes.length));
    assertEquals("inet_diag reply with unknown family 1", family.getMessage());
  }

  @Test
  void statesMapToKernelNumbers() {
    assertEquals(SocketState.TIME_WAIT, SocketState.ofCode(6));
    assertEquals(SocketState.LISTEN, SocketState.ofCode(10));
    assertEquals(SocketState.UNKNOWN, SocketState.ofCode(99));
    assertEquals(1 << 10, SocketState.LISTEN.mask());
  }
}
