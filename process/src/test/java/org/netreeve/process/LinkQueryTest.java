package org.netreeve.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LinkQueryTest {

  @Test
  void rejectsMixedIpVersionsAndBadPorts() throws Exception {
    InetAddress v4 = InetAddress.getByName("10.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(Transport.TCP, v4, 1, v6, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(Transport.TCP, v4, 70000, v4, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(Transport.TCP, v4, 1, v4, 2).withKernelUid(-2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(Transport.TCP, v4, 1, v4, 2).withInterface(-1));
  }

  @Test
  void carriesVersionUidAndInterface() throws Exception {
    InetAddress v6 = InetAddress.getByName("fe80::1");
    LinkQuery query = LinkQuery.inbound(Transport.UDP, v6, 53, v6, 5353).withKernelUid(7)
        .withInterface(3);
    assertEquals(6, query.ipVersion());
    assertEquals(7, query.kernelUid());
    assertEquals(3, query.ifIndex());
    assertEquals(Direction.INBOUND, query.direction());
  }

  @Test
  void transportsByProtocolNumber() {
    assertEquals(Transport.TCP, Transport.ofNumber(6));
    assertEquals(Transport.UDP, Transport.ofNumber(17));
    assertEquals(Transport.ICMPV6, Transport.ofNumber(58));
    assertEquals(Transport.OTHER, Transport.ofNumber(132));
  }

  @Test
  void writesIpv6AddressesCompactly() throws Exception {
    assertEquals("::1", AddressText.compact(InetAddress.getByName("::1").getAddress()));
    assertEquals("::", AddressText.compact(new byte[16]));
    assertEquals("2001:db8::1", AddressText.compact(InetAddress.getByName("2001:db8::1").getAddress()));
    assertEquals("2001:db8:0:1:1:1:1:1",
        AddressText.compact(InetAddress.getByName("2001:db8:0:1:1:1:1:1").getAddress()));
    assertEquals("2001:0:0:1::1",
        AddressText.compact(InetAddress.getByName("2001:0:0:1:0:0:0:1").getAddress()));
    assertEquals("fe80::1:2", AddressText.compact(InetAddress.getByName("fe80::1:2").getAddress()));
  }
}
