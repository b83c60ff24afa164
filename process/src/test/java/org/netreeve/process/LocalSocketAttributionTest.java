package org.netreeve.process;

import org.netreeve.net.IpProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netreeve.process.Attribution.Outcome;

/**
 * Attribution against the real kernel of sockets this test opens itself, on loopback. Needs no
 * root and installs nothing: sock_diag and /proc only read.
 */
class LocalSocketAttributionTest {

  private static final long MY_PID = ProcessHandle.current().pid();
  private static ProcessResolver resolver;
  private static int myUid;

  @BeforeAll
  static void open() throws Exception {
    // A generous budget: the first attributions run while the JVM is still cold.
    resolver = ProcessResolver.open(ResolverConfig.defaults().withBudget(Duration.ofSeconds(5)),
        Clock.systemUTC());
    myUid = (Integer) Files.getAttribute(Path.of("/proc/" + MY_PID), "unix:uid");
  }

  @AfterAll
  static void close() {
    resolver.close();
  }

  private static void assertThisJvm(Attribution attribution) {
    assertEquals(Outcome.PROCESS, attribution.outcome(), attribution.reason());
    ProcessInfo me = attribution.process();
    assertEquals(MY_PID, me.pid());
    assertEquals(ProcessHandle.current().info().command().orElseThrow(), me.exe());
    assertTrue(me.exe().endsWith("/java"), me.exe());
    assertEquals(myUid, me.uid());
    assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), me.ppid());
    assertEquals(me.ppid(), me.ancestor(1).pid());
    assertTrue(me.args().size() > 1 && me.args().get(0).endsWith("java"), me.cmdline());
  }

  private static InetAddress ip(String text) throws IOException {
    return InetAddress.getByName(text);
  }

  @Test
  void tcpClientOnIpv4LoopbackIsThisJvm() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"));
        Socket client = new Socket(ip("127.0.0.1"), server.getLocalPort())) {
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.TCP, ip("127.0.0.1"),
          client.getLocalPort(), ip("127.0.0.1"), server.getLocalPort())));
    }
  }

  @Test
  void tcpClientOnIpv6LoopbackIsThisJvm() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, ip("::1"));
        Socket client = new Socket(ip("::1"), server.getLocalPort())) {
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.TCP, ip("::1"),
          client.getLocalPort(), ip("::1"), server.getLocalPort())));
    }
  }

  @Test
  void inboundConnectionsBelongToTheListenerBeforeAndAfterAccept() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"));
        Socket client = new Socket(ip("127.0.0.1"), server.getLocalPort())) {
      // Not accepted yet: the connection has no socket file, its listener is the owner.
      Attribution queued = resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("127.0.0.1"),
          server.getLocalPort(), ip("127.0.0.1"), client.getLocalPort()));
      assertThisJvm(queued);
      try (Socket accepted = server.accept()) {
        assertThisJvm(resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("127.0.0.1"),
            server.getLocalPort(), ip("127.0.0.1"), client.getLocalPort())));
      }
      // A SYN from a peer the kernel has not seen yet: only the listener exists.
      assertThisJvm(resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("127.0.0.1"),
          server.getLocalPort(), ip("127.0.0.1"), 1)));
    }
  }

  @Test
  void inboundToAWildcardListenerOnIpv6() throws IOException {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(ip("::"), 0));
      assertThisJvm(resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("::1"),
          server.getLocalPort(), ip("::1"), 40000)));
      // Java's server socket is dual-stack: an IPv4 SYN reaches it too.
      assertThisJvm(resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("127.0.0.1"),
          server.getLocalPort(), ip("127.0.0.1"), 40000)));
    }
  }

  @Test
  void connectedUdpSocketIsThisJvm() throws IOException {
    try (DatagramSocket peer = new DatagramSocket(0, ip("127.0.0.1"));
        DatagramSocket socket = new DatagramSocket(0, ip("127.0.0.1"))) {
      socket.connect(ip("127.0.0.1"), peer.getLocalPort());
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("127.0.0.1"),
          socket.getLocalPort(), ip("127.0.0.1"), peer.getLocalPort())));
    }
  }

  @Test
  void unconnectedUdpSocketOnTheWildcardAddressIsThisJvm() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
      // sendto() without connect(): any remote may appear in the packet.
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("127.0.0.1"),
          socket.getLocalPort(), ip("127.0.0.1"), 53)));
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("::1"),
          socket.getLocalPort(), ip("::1"), 5353)));
      // A datagram arriving for it is inbound to the same socket.
      assertThisJvm(resolver.attribute(LinkQuery.inbound(IpProtocol.UDP, ip("127.0.0.1"),
          socket.getLocalPort(), ip("127.0.0.1"), 9999)));
    }
  }

  @Test
  void pureIpv4UdpSocketIsThisJvm() throws IOException {
    try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
      channel.bind(new InetSocketAddress(ip("127.0.0.1"), 0));
      int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("127.0.0.1"), port,
          ip("127.0.0.1"), 53)));
    }
  }

  @Test
  void connectedIpv6UdpSocketIsThisJvm() throws IOException {
    try (DatagramSocket peer = new DatagramSocket(0, ip("::1"));
        DatagramSocket socket = new DatagramSocket(0, ip("::1"))) {
      socket.connect(ip("::1"), peer.getLocalPort());
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("::1"),
          socket.getLocalPort(), ip("::1"), peer.getLocalPort())));
    }
  }

  @Test
  void reroutedDatagramIsFoundByItsLocalPort() throws IOException {
    // The socket is connected to 127.0.0.2:5353, but the query names 127.0.0.1:53, as the local
    // nameserver sees an astray DNS query that DNAT rerouted to it.
    try (DatagramSocket socket = new DatagramSocket(0, ip("127.0.0.1"))) {
      socket.connect(ip("127.0.0.2"), 5353);
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.UDP, ip("127.0.0.1"),
          socket.getLocalPort(), ip("127.0.0.1"), 53)));
    }
  }

  @Test
  void reroutedTcpConnectionIsFoundByItsLocalPort() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"));
        Socket client = new Socket(ip("127.0.0.1"), server.getLocalPort())) {
      assertThisJvm(resolver.attribute(LinkQuery.outbound(IpProtocol.TCP, ip("127.0.0.1"),
          client.getLocalPort(), ip("127.0.0.9"), 53)));
    }
  }

  @Test
  void connectionWithoutASocketBelongsToTheKernel() throws IOException {
    int unused;
    try (ServerSocket probe = new ServerSocket(0, 1, ip("127.0.0.1"))) {
      unused = probe.getLocalPort();
    }
    Attribution attribution = resolver.attribute(LinkQuery.inbound(IpProtocol.TCP, ip("127.0.0.1"),
        unused, ip("127.0.0.1"), 40000));
    assertEquals(Outcome.KERNEL, attribution.outcome(), attribution.reason());
    assertTrue(attribution.process().isKernel());
  }

  @Test
  void byPidDescribesThisJvm() {
    ProcessInfo me = resolver.byPid((int) MY_PID);
    assertEquals(ProcessHandle.current().info().command().orElseThrow(), me.exe());
    assertTrue(me.parents().size() >= 1);
    assertEquals(1, me.parents().get(me.parents().size() - 1).pid(), "the chain ends at init");
  }

  /** The python interpreter of the machine (not a version manager's shim script). */
  private static String python() {
    for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    fail("python3 is needed (Debian package python3): neither /usr/bin/python3 nor "
        + "/usr/local/bin/python3 exists");
    return null;
  }

  @Test
  void childPythonProcessIsAttributedToPythonNotToUs() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
      String script = "import socket, sys\n"
          + "s = socket.create_connection(('127.0.0.1', " + server.getLocalPort() + "))\n"
          + "print(s.getsockname()[1], flush=True)\n"
          + "sys.stdin.read()\n";
      Process python = new ProcessBuilder(python(), "-c", script).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(
            new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertNotNull(line, "python printed nothing");
        int port = Integer.parseInt(line.trim());
        Attribution attribution = resolver.attribute(LinkQuery.outbound(IpProtocol.TCP,
            ip("127.0.0.1"), port, ip("127.0.0.1"), server.getLocalPort()));
        assertEquals(Outcome.PROCESS, attribution.outcome(), attribution.reason());
        ProcessInfo child = attribution.process();
        assertEquals(python.pid(), child.pid());
        assertTrue(child.exe().contains("python"), child.exe());
        assertEquals(List.of(python(), "-c", script), child.args());
        assertEquals(MY_PID, child.ppid());
        assertEquals(MY_PID, child.ancestor(1).pid());
      } finally {
        python.getOutputStream().close();
        if (!python.waitFor(10, TimeUnit.SECONDS)) {
          python.destroyForcibly();
        }
      }
    }
  }

  @Test
  void countersMoveWithLookups() throws IOException {
    ResolverStats before = resolver.stats();
    try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"));
        Socket client = new Socket(ip("127.0.0.1"), server.getLocalPort())) {
      LinkQuery query = LinkQuery.outbound(IpProtocol.TCP, ip("127.0.0.1"), client.getLocalPort(),
          ip("127.0.0.1"), server.getLocalPort());
      resolver.attribute(query);
      resolver.attribute(query);
    }
    ResolverStats after = resolver.stats();
    assertEquals(before.lookups() + 2, after.lookups());
    assertEquals(before.processes() + 2, after.processes());
    assertTrue(after.inodeCacheHits() > before.inodeCacheHits(), "second lookup from the cache");
    assertTrue(after.totalNanos() > before.totalNanos());
  }
}
