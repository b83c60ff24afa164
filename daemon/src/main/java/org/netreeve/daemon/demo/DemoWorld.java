package org.netreeve.daemon.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The demo's "rest of the world", run inside its own network namespace: a web server on port 80,
 * a TCP greeter on 8443, a UDP echo on 5000, and an authoritative DNS server on port 53 that
 * knows the demo's names. Prints READY when everything listens.
 *
 * <p>Usage: {@code DemoWorld <dns-address> <internet-address> <lan-address>}
 */
public final class DemoWorld {

  private DemoWorld() {}

  public static void main(String[] args) throws Exception {
    InetAddress dnsAddress = InetAddress.getByName(args[0]);
    String internet = args[1];
    String lan = args[2];
    Map<String, String> a = Map.of(
        "www.example.com.", internet,
        "api.example.com.", internet,
        "downloads.example.org.", internet,
        "pixel.tracker.example.", internet,
        "nas.home.example.", lan,
        "evil-rebind.example.", "192.168.1.1");
    Map<String, String> cname = Map.of("shop.example.net.", "www.example.com.");

    HttpServer http = HttpServer.create(new InetSocketAddress("::", 80), 64);
    http.createContext("/", x -> {
      byte[] body = ("hello from " + x.getLocalAddress().getAddress().getHostAddress() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(body);
      }
    });
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();

    Thread greet = new Thread(() -> {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("::", 8443));
        while (true) {
          try (Socket c = s.accept()) {
            c.getOutputStream().write("hi\n".getBytes(StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        System.err.println("greeter: " + e);
      }
    }, "greet");
    greet.setDaemon(true);
    greet.start();

    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(internet), 5000));
    Thread echo = new Thread(() -> {
      byte[] buf = new byte[2048];
      while (true) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          udp.receive(p);
          udp.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (IOException e) {
          return;
        }
      }
    }, "echo");
    echo.setDaemon(true);
    echo.start();

    DatagramSocket dns = new DatagramSocket(new InetSocketAddress(dnsAddress, 53));
    Thread dnsThread = new Thread(() -> {
      byte[] buf = new byte[1500];
      while (true) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          dns.receive(p);
          byte[] answer = answer(p.getData(), p.getLength(), a, cname);
          if (answer != null) {
            dns.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
          }
        } catch (IOException e) {
          return;
        }
      }
    }, "dns");
    dnsThread.setDaemon(true);
    dnsThread.start();

    System.out.println("READY");
    System.out.flush();
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // runs until stdin closes or the process is killed
      }
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  static byte[] answer(byte[] data, int length, Map<String, String> a, Map<String, String> cname) {
    try {
      byte[] wire = java.util.Arrays.copyOf(data, length);
      Message q = new Message(wire);
      Record question = q.getQuestion();
      Message r = new Message(q.getHeader().getID());
      r.getHeader().setFlag(Flags.QR);
      r.getHeader().setFlag(Flags.AA);
      r.addRecord(question, Section.QUESTION);
      Name name = question.getName();
      String n = name.toString().toLowerCase(java.util.Locale.ROOT);
      String target = n;
      if (cname.containsKey(n)) {
        target = cname.get(n);
        r.addRecord(new CNAMERecord(name, DClass.IN, 60, Name.fromString(target)), Section.ANSWER);
      }
      String ip = a.get(target);
      if (ip == null) {
        r.getHeader().setRcode(Rcode.NXDOMAIN);
      } else if (question.getType() == Type.A) {
        r.addRecord(new ARecord(Name.fromString(target), DClass.IN, 60, InetAddress.getByName(ip)), Section.ANSWER);
      }
      return r.toWire();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
