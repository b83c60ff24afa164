package org.netreeve.process.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookups SocketLocator makes, against a fake kernel that answers from a table. */
class SocketLocatorTest {

  /** Answers lookups whose description is in the table; records every lookup. */
  private static final class TableDiag implements InetDiag {
    final Map<String, SocketEntry> table = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public SocketEntry lookup(int family, int protocol, byte[] src, int srcPort, byte[] dst,
        int dstPort, int ifIndex) {
      String key = key(family, protocol, src, srcPort, dst, dstPort);
      asked.add(key);
      return table.get(key);
    }

    final Map<String, List<SocketEntry>> dumps = new HashMap<>();

    @Override
    public List<SocketEntry> dumpByLocalPort(int family, int protocol, int localPort) {
      String key = (family == InetDiagCodec.AF_INET ? "inet" : "inet6") + "/"
          + (protocol == InetDiagCodec.IPPROTO_TCP ? "tcp" : "udp") + " dump port " + localPort;
      asked.add(key);
      return dumps.getOrDefault(key, List.of());
    }

    static String key(int family, int protocol, byte[] src, int srcPort, byte[] dst, int dstPort) {
      return (family == InetDiagCodec.AF_INET ? "inet" : "inet6") + "/"
          + (protocol == InetDiagCodec.IPPROTO_TCP ? "tcp" : "udp") + " src=" + text(src) + ":"
          + srcPort + " dst=" + text(dst) + ":" + dstPort;
    }

    private static String text(byte[] address) {
      try {
        return InetAddress.getByAddress(address).getHostAddress()
            + (address.length == 16 ? "/16" : "");
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static byte[] ip(String address) throws Exception {
    return InetAddress.getByName(address).getAddress();
  }

  private static SocketEntry socket(SocketState state, long inode) {
    return new SocketEntry(InetDiagCodec.AF_INET, state, new byte[4], 1, new byte[4], 2, 0, 9,
        1000, inode);
  }

  @Test
  void tcpAsksForTheExactTupleWithTheLocalEndAsSource() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry client = socket(SocketState.SYN_SENT, 77);
    diag.table.put("inet/tcp src=10.0.0.2:41000 dst=93.184.216.34:443", client);
    SocketLocator.Match match = new SocketLocator(diag)
        .locate(6, ip("10.0.0.2"), 41000, ip("93.184.216.34"), 443, 0);
    assertEquals(new SocketLocator.Match(client, SocketLocator.Via.EXACT), match);
    assertEquals(1, diag.asked.size());
  }

  @Test
  void tcpConnectionNotYetAcceptedBelongsToTheListener() throws Exception {
    TableDiag diag = new TableDiag();
    diag.table.put("inet/tcp src=10.0.0.1:22 dst=10.0.0.9:50000", socket(SocketState.ESTABLISHED, 0));
    SocketEntry listener = socket(SocketState.LISTEN, 500);
    diag.table.put("inet/tcp src=10.0.0.1:22 dst=0.0.0.0:0", listener);
    SocketLocator.Match match =
        new SocketLocator(diag).locate(6, ip("10.0.0.1"), 22, ip("10.0.0.9"), 50000, 0);
    assertEquals(new SocketLocator.Match(listener, SocketLocator.Via.LISTENER), match);
  }

  @Test
  void tcpTimeWaitIsReturnedWithoutAskingForAListener() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry timeWait = socket(SocketState.TIME_WAIT, 0);
    diag.table.put("inet/tcp src=10.0.0.1:80 dst=10.0.0.9:50000", timeWait);
    SocketLocator.Match match =
        new SocketLocator(diag).locate(6, ip("10.0.0.1"), 80, ip("10.0.0.9"), 50000, 0);
    assertEquals(SocketLocator.Via.EXACT, match.via());
    assertEquals(timeWait, match.socket());
    assertEquals(1, diag.asked.size());
  }

  @Test
  void tcpWithoutAnySocketIsNull() throws Exception {
    TableDiag diag = new TableDiag();
    assertNull(new SocketLocator(diag).locate(6, ip("::1"), 1, ip("::1"), 2, 0));
    assertEquals(List.of("inet6/tcp src=0:0:0:0:0:0:0:1/16:1 dst=0:0:0:0:0:0:0:1/16:2"), diag.asked);
  }

  @Test
  void udpAsksWithTheRemoteEndAsSourceThenWildcardThenMapped() throws Exception {
    TableDiag diag = new TableDiag();
    assertNull(new SocketLocator(diag).locate(17, ip("10.0.0.2"), 5353, ip("10.0.0.1"), 53, 0));
    assertEquals(List.of(
        "inet/udp src=10.0.0.1:53 dst=10.0.0.2:5353",
        "inet/udp src=0.0.0.0:0 dst=10.0.0.2:5353",
        "inet6/udp src=10.0.0.1/16:53 dst=10.0.0.2/16:5353"), diag.asked);
  }

  @Test
  void udpFindsAnUnconnectedSocketByTheWildcardLookup() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry unconnected = socket(SocketState.CLOSE, 31);
    diag.table.put("inet/udp src=0.0.0.0:0 dst=10.0.0.2:5353", unconnected);
    assertEquals(new SocketLocator.Match(unconnected, SocketLocator.Via.UNCONNECTED),
        new SocketLocator(diag).locate(17, ip("10.0.0.2"), 5353, ip("10.0.0.1"), 53, 0));
  }

  @Test
  void udpFindsADualStackSocketThroughMappedAddresses() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry dual = socket(SocketState.ESTABLISHED, 32);
    diag.table.put("inet6/udp src=10.0.0.1/16:53 dst=10.0.0.2/16:5353", dual);
    assertEquals(new SocketLocator.Match(dual, SocketLocator.Via.V4_MAPPED),
        new SocketLocator(diag).locate(17, ip("10.0.0.2"), 5353, ip("10.0.0.1"), 53, 0));
  }

  @Test
  void ipv6UdpHasNoMappedFallback() throws Exception {
    TableDiag diag = new TableDiag();
    new SocketLocator(diag).locate(17, ip("::1"), 5353, ip("::1"), 53, 0);
    assertEquals(2, diag.asked.size());
  }

  @Test
  void rejectsMixedAddressLengthsAndOtherProtocols() throws Exception {
    SocketLocator locator = new SocketLocator(new TableDiag());
    assertThrows(IllegalArgumentException.class,
        () -> locator.locate(6, ip("10.0.0.1"), 1, ip("::1"), 2, 0));
    assertThrows(IllegalArgumentException.class,
        () -> locator.locate(1, ip("10.0.0.1"), 0, ip("10.0.0.2"), 0, 0));
  }

  private static SocketEntry bound(int family, SocketState state, String local, int port,
      String remote, long inode) throws Exception {
    return new SocketEntry(family, state, ip(local), port, ip(remote), 53, 0, inode, 0, inode);
  }

  @Test
  void localPortFallbackDumpsBothFamiliesForIpv4AndTakesTheOnlyOwner() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry connectedElsewhere =
        bound(InetDiagCodec.AF_INET6, SocketState.ESTABLISHED, "::ffff:10.0.0.2", 40000,
            "::ffff:8.8.8.8", 77);
    diag.dumps.put("inet6/udp dump port 40000", List.of(connectedElsewhere));
    SocketLocator.Match match =
        new SocketLocator(diag).locateByLocalPort(17, ip("10.0.0.2"), 40000);
    assertEquals(new SocketLocator.Match(connectedElsewhere, SocketLocator.Via.LOCAL_PORT), match);
    assertEquals(List.of("inet/udp dump port 40000", "inet6/udp dump port 40000"), diag.asked);
  }

  @Test
  void localPortFallbackStopsAfterTheIpv4DumpWhenItAnswers() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry plain =
        bound(InetDiagCodec.AF_INET, SocketState.ESTABLISHED, "10.0.0.2", 40000, "8.8.8.8", 5);
    diag.dumps.put("inet/udp dump port 40000", List.of(plain));
    assertEquals(plain,
        new SocketLocator(diag).locateByLocalPort(17, ip("10.0.0.2"), 40000).socket());
    assertEquals(List.of("inet/udp dump port 40000"), diag.asked);
  }

  @Test
  void localPortFallbackPrefersTheExactAddressOverTheWildcard() throws Exception {
    TableDiag diag = new TableDiag();
    SocketEntry wildcard =
        bound(InetDiagCodec.AF_INET, SocketState.CLOSE, "0.0.0.0", 40000, "0.0.0.0", 1);
    SocketEntry exact =
        bound(InetDiagCodec.AF_INET, SocketState.ESTABLISHED, "10.0.0.2", 40000, "8.8.8.8", 2);
    diag.dumps.put("inet/udp dump port 40000", List.of(wildcard, exact));
    assertEquals(exact,
        new SocketLocator(diag).locateByLocalPort(17, ip("10.0.0.2"), 40000).socket());
    diag.dumps.put("inet/udp dump port 40000", List.of(wildcard));
    assertEquals(wildcard,
        new SocketLocator(diag).locateByLocalPort(17, ip("10.0.0.2"), 40000).socket());
  }

  @Test
  void localPortFallbackRefusesToGuessAmongSeveralConnections() throws Exception {
    TableDiag diag = new TableDiag();
    diag.dumps.put("inet6/tcp dump port 40000", List.of(
        bound(InetDiagCodec.AF_INET6, SocketState.ESTABLISHED, "2001:db8::2", 40000,
            "2001:db8::53", 1),
        bound(InetDiagCodec.AF_INET6, SocketState.ESTABLISHED, "2001:db8::2", 40000,
            "2001:db8::54", 2)));
    assertNull(new SocketLocator(diag).locateByLocalPort(6, ip("2001:db8::2"), 40000));
    assertEquals(List.of("inet6/tcp dump port 40000"), diag.asked);
  }

  @Test
  void localPortFallbackIgnoresListenersUnownedSocketsAndOtherAddresses() throws Exception {
    TableDiag diag = new TableDiag();
    diag.dumps.put("inet/tcp dump port 8080", List.of(
        bound(InetDiagCodec.AF_INET, SocketState.LISTEN, "10.0.0.2", 8080, "0.0.0.0", 1),
        bound(InetDiagCodec.AF_INET, SocketState.TIME_WAIT, "10.0.0.2", 8080, "1.2.3.4", 0),
        bound(InetDiagCodec.AF_INET, SocketState.ESTABLISHED, "10.0.0.3", 8080, "1.2.3.4", 3)));
    assertNull(new SocketLocator(diag).locateByLocalPort(6, ip("10.0.0.2"), 8080));
  }

  @Test
  void comparesIpv4WithItsMappedForm() throws Exception {
    assertTrue(SocketLocator.sameAddress(ip("10.0.0.2"), SocketLocator.mapped(ip("10.0.0.2"))));
    assertTrue(SocketLocator.sameAddress(ip("::1"), ip("::1")));
    assertFalse(SocketLocator.sameAddress(ip("10.0.0.2"), ip("10.0.0.3")));
  }

  @Test
  void mapsIpv4IntoIpv6() throws Exception {
    assertEquals(InetAddress.getByName("::ffff:192.0.2.7"),
        InetAddress.getByAddress(SocketLocator.mapped(ip("192.0.2.7"))));
  }
}
