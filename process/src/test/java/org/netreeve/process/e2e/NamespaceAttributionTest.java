package org.netreeve.process.e2e;

import org.netreeve.net.IpProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.Attribution;
import org.netreeve.process.LinkQuery;
import org.netreeve.process.ProcessResolver;
import org.netreeve.process.ResolverConfig;

/**
 * Real processes inside a network namespace of the test's own: a python server with TCP and UDP
 * sockets on 127.0.0.1 and ::1 that never accepts, and a python client connected to it (TCP,
 * connected UDP, unconnected UDP on wildcard addresses). A resolver started inside the same
 * namespace attributes every connection, outbound and inbound, to the right one; the test's own
 * resolver, outside, cannot see them at all.
 */
@Tag("e2e")
class NamespaceAttributionTest {

  private static final String SERVER = """
      import os, socket, sys
      def listener(family, address):
          s = socket.socket(family, socket.SOCK_STREAM)
          s.bind((address, 0))
          s.listen(16)
          return s
      def datagram(family, address):
          s = socket.socket(family, socket.SOCK_DGRAM)
          s.bind((address, 0))
          return s
      t4 = listener(socket.AF_INET, '127.0.0.1')
      t6 = listener(socket.AF_INET6, '::1')
      u4 = datagram(socket.AF_INET, '127.0.0.1')
      u6 = datagram(socket.AF_INET6, '::1')
      print(os.getpid(), t4.getsockname()[1], t6.getsockname()[1], u4.getsockname()[1],
            u6.getsockname()[1], flush=True)
      sys.stdin.read()
      """;

  private static final String CLIENT = """
      import os, socket, sys
      t4, t6, u4, u6 = (int(p) for p in sys.argv[1:5])
      c4 = socket.create_connection(('127.0.0.1', t4))
      c6 = socket.create_connection(('::1', t6))
      d4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      d4.connect(('127.0.0.1', u4))
      d6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
      d6.connect(('::1', u6))
      n4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      n4.bind(('0.0.0.0', 0))
      n4.sendto(b'x', ('127.0.0.1', u4))
      n6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
      n6.bind(('::', 0))
      n6.sendto(b'x', ('::1', u6))
      print(os.getpid(), c4.getsockname()[1], c6.getsockname()[1], d4.getsockname()[1],
            d6.getsockname()[1], n4.getsockname()[1], n6.getsockname()[1], flush=True)
      sys.stdin.read()
      """;

  /** A child process with its output lines. */
  private record Child(Process process, BufferedReader out, Writer in) {
    static Child start(ProcessBuilder builder) throws IOException {
      Process process = builder.redirectErrorStream(true).start();
      return new Child(process,
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
          new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    String readLine(String what) throws IOException {
      String line = out.readLine();
      assertNotNull(line, what + " printed nothing (exit " + (process.isAlive() ? "-" : process.exitValue()) + ")");
      return line;
    }

    void stop() throws InterruptedException {
      try {
        in.close();
      } catch (IOException e) {
        // already gone
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int[] numbers(String line) {
    return java.util.Arrays.stream(line.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void attributesEveryConnectionInsideTheNamespace(@TempDir Path dir) throws Exception {
    NetNs.require("python3", "python3");
    Path server = Files.writeString(dir.resolve("server.py"), SERVER);
    Path client = Files.writeString(dir.resolve("client.py"), CLIENT);
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));

    List<Child> children = new ArrayList<>();
    try (NetNs ns = NetNs.create("proc")) {
      try {
        Child serverChild = Child.start(ns.builder(python, server.toString()));
        children.add(serverChild);
        int[] s = numbers(serverChild.readLine("server.py"));
        int serverPid = s[0];
        int t4 = s[1];
        int t6 = s[2];
        int u4 = s[3];
        int u6 = s[4];
        Child clientChild = Child.start(ns.builder(python, client.toString(),
            Integer.toString(t4), Integer.toString(t6), Integer.toString(u4), Integer.toString(u6)));
        children.add(clientChild);
        int[] c = numbers(clientChild.readLine("client.py"));
        int clientPid = c[0];

        Child resolver = Child.start(ns.builder(java, "-cp", classpath,
            AttributeMain.class.getName()));
        children.add(resolver);
        assertEquals("ready", resolver.readLine("AttributeMain"));

        record Case(String query, int pid, String script) {}
        List<Case> cases = List.of(
            new Case("tcp out 127.0.0.1 " + c[1] + " 127.0.0.1 " + t4, clientPid, "client.py"),
            new Case("tcp out ::1 " + c[2] + " ::1 " + t6, clientPid, "client.py"),
            new Case("udp out 127.0.0.1 " + c[3] + " 127.0.0.1 " + u4, clientPid, "client.py"),
            new Case("udp out ::1 " + c[4] + " ::1 " + u6, clientPid, "client.py"),
            new Case("udp out 127.0.0.1 " + c[5] + " 127.0.0.1 " + u4, clientPid, "client.py"),
            new Case("udp out ::1 " + c[6] + " ::1 " + u6, clientPid, "client.py"),
            // As the local nameserver sees a datagram that DNAT rerouted to it.
            new Case("udp out 127.0.0.1 " + c[3] + " 127.0.0.1 53", clientPid, "client.py"),
            // Inbound: the server never accepts, so its listeners own the connections.
            new Case("tcp in 127.0.0.1 " + t4 + " 127.0.0.1 " + c[1], serverPid, "server.py"),
            new Case("tcp in ::1 " + t6 + " ::1 " + c[2], serverPid, "server.py"),
            new Case("tcp in 127.0.0.1 " + t4 + " 127.0.0.1 50999", serverPid, "server.py"),
            new Case("udp in 127.0.0.1 " + u4 + " 127.0.0.1 " + c[3], serverPid, "server.py"),
            new Case("udp in ::1 " + u6 + " ::1 " + c[6], serverPid, "server.py"));
        for (Case testCase : cases) {
          resolver.in().write(testCase.query() + "\n");
          resolver.in().flush();
          String[] answer = resolver.readLine(testCase.query()).split("\t", -1);
          assertEquals("PROCESS", answer[0], testCase.query() + " -> " + String.join(" ", answer));
          assertEquals(testCase.pid(), Integer.parseInt(answer[1]), testCase.query());
          assertEquals(0, Integer.parseInt(answer[2]), "uid of " + testCase.query());
          assertTrue(answer[3].contains("python"), "exe " + answer[3]);
          assertTrue(answer[4].endsWith(testCase.script()) || answer[4].contains(testCase.script() + " "),
              "cmdline " + answer[4]);
        }
        resolver.in().write("tcp out 127.0.0.1 1 127.0.0.1 2\n");
        resolver.in().flush();
        assertTrue(resolver.readLine("kernel case").startsWith("KERNEL\t0\t"));

        // sock_diag answers per namespace: from outside, the client's socket does not exist.
        try (ProcessResolver outside = ProcessResolver.open(ResolverConfig.defaults(),
            Clock.systemUTC())) {
          Attribution fromOutside = outside.attribute(LinkQuery.outbound(IpProtocol.TCP,
              InetAddress.getByName("127.0.0.1"), c[1], InetAddress.getByName("127.0.0.1"), t4));
          assertEquals(Attribution.Outcome.KERNEL, fromOutside.outcome(), fromOutside.reason());
        }
      } finally {
        for (Child child : children) {
          child.stop();
        }
      }
    }
  }
}
