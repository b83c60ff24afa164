package org.netreeve.dns.fakes;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An upstream for unit tests on 127.0.0.1 (UDP): answers A queries from a table, NXDOMAIN otherwise, counts
 * queries per name, and holds back answers for names in {@link #hold} until the latch opens.
 */
public final class FakeDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    public final Map<String, CountDownLatch> hold = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public FakeDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public FakeDnsServer answer(String name, String ipv4) {
        addresses.put(name.toLowerCase(), ipv4);
        return this;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int count(String name) {
        AtomicInteger c = counts.get(name.toLowerCase());
        return c == null ? 0 : c.get();
    }

    private void serve() {
        byte[] buf = new byte[65535];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Record question = q.getQuestion();
                String name = question.getName().toString(true).toLowerCase();
                counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                InetSocketAddress client = (InetSocketAddress) p.getSocketAddress();
                CountDownLatch latch = hold.get(name);
                if (latch != null) {
                    Thread t = new Thread(() -> {
                        try {
                            latch.await();
                            reply(q, question, name, client);
                        } catch (InterruptedException | IOException e) {
                            // test over
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } else {
                    reply(q, question, name, client);
                }
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void reply(Message q, Record question, String name, InetSocketAddress client) throws IOException {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(question, Section.QUESTION);
        String ip = addresses.get(name);
        if (ip != null && question.getType() == Type.A) {
            r.addRecord(new ARecord(Name.fromString(name + "."), question.getDClass(), 60,
                    InetAddress.getByName(ip)), Section.ANSWER);
        } else if (ip == null) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        byte[] out = r.toWire();
        socket.send(new DatagramPacket(out, out.length, client));
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        hold.values().forEach(CountDownLatch::countDown);
    }
}
