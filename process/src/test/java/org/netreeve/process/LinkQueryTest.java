package org.netreeve.process;

import org.netreeve.net.IpProtocol;
import org.netreeve.net.Direction;
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
        () -> LinkQuery.outbound(IpProtocol.TCP, v4, 1, v6, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(IpProtocol.TCP, v4, 70000, v4, 2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(IpProtocol.TCP, v4, 1, v4, 2).withKernelUid(-2));
    assertThrows(IllegalArgumentException.class,
        () -> LinkQuery.outbound(IpProtocol.TCP, v4, 1, v4, 2).withInterface(-1));
  }

  @Test
  void carriesVersionUidAndInterface() throws Exception {
    InetAddress v6 = InetAddress.getByName("fe80::1");
    LinkQuery query = LinkQuery.inbound(IpProtocol.UDP, v6, 53, v6, 5353).withKernelUid(7)
        .withInterface(3);
    assertEquals(6, query.ipVersion());
    assertEquals(7, query.kernelUid());
    assertEquals(3, query.ifIndex());
    assertEquals(Direction.INBOUND, query.direction());
  }

  @Test
  void onlyTcpAndUdpHaveSocketsToLookUp() {
    assertEquals(true, IpProtocol.hasSockets(6));
    assertEquals(true, IpProtocol.hasSockets(17));
    assertEquals(false, IpProtocol.hasSockets(58));
    assertEquals(false, IpProtocol.hasSockets(132));
  }
}
