package org.netreeve.dns.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netreeve.dns.config.DnsConfigParser;
import org.netreeve.dns.fakes.FakeDnsServer;
import org.netreeve.dns.memory.RememberedDomain;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.fakes.PermissivePolicy;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.resolver.Outcome;
import org.netreeve.dns.routing.ResolvConf;
import org.netreeve.dns.server.AddressInUseException;
import org.netreeve.dns.server.ProcPortOwnerLookup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The assembled module on 127.0.0.1 (random ports) with an in-process upstream. */
class DnsServiceTest {

    private FakeDnsServer upstream;
    private DnsService service;
    private InetSocketAddress address;
    private final CountingPolicy policy = new CountingPolicy();

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeDnsServer().answer("www.example.test", "192.0.2.80")
                .answer("rebind.example.test", "192.168.1.1").answer("slow.example.test", "192.0.2.81");
        Map<String, Object> section = Map.of(
                "listen", List.of("127.0.0.1:0"),
                "upstreams", List.of("dns://127.0.0.1:" + upstream.port() + "?scope=global"),
                "local-upstreams", List.of(),
                "timeouts", Map.of("upstream", "5s", "query", "10s"));
        service = DnsService.create(new DnsConfigParser().parse(section), policy, new ProcPortOwnerLookup(),
                Clock.systemUTC(), new ResolvConf(List.of(), List.of()));
        service.start();
        address = service.boundAddresses().get(0);
    }

    @AfterEach
    void stop() {
        service.close();
        upstream.close();
    }

    @Test
    void answersFromUpstreamThenFromCacheAskingThePolicyEveryTime() throws Exception {
        Message first = udp(query("www.example.test", 1));
        assertEquals("192.0.2.80", ((ARecord) first.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        Message second = udp(query("WWW.example.test", 2));
        assertEquals(2, second.getHeader().getID());
        assertEquals(1, second.getSection(Section.ANSWER).size());
        assertEquals(1, upstream.count("www.example.test"), "second answer came from the cache");
        assertEquals(2, policy.before.get());
        assertEquals(2, policy.after.get(), "after-resolve runs on cache hits too");
        assertEquals(1, service.stats().cache().hits());
        RememberedDomain r = service.memory().lookup("token", InetAddress.getByName("192.0.2.80")).orElseThrow();
        assertEquals("www.example.test", r.domain());
        assertEquals(RememberedDomain.Match.ATTRIBUTED, r.match());
    }

    @Test
    void slowUpstreamDoesNotHoldUpOtherQueries() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        upstream.hold.put("slow.example.test", release);
        try (DatagramSocket slow = new DatagramSocket()) {
            slow.setSoTimeout(10_000);
            byte[] q = query("slow.example.test", 7).toWire();
            slow.send(new DatagramPacket(q, q.length, address));
            // Several queries are answered while the slow one is still waiting at the upstream.
            for (int i = 0; i < 5; i++) {
                assertEquals(Rcode.NOERROR, udp(query("www.example.test", 100 + i)).getRcode());
            }
            assertEquals(Rcode.NXDOMAIN, udp(query("nothing.example.test", 200)).getRcode());
            assertEquals(1, release.getCount(), "the slow answer was still held");
            release.countDown();
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            slow.receive(p);
            Message m = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
            assertEquals(7, m.getHeader().getID());
            assertEquals(1, m.getSection(Section.ANSWER).size());
        }
    }

    @Test
    void keepsAnsweringAfterRandomGarbage() throws Exception {
        Random random = new Random(42);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 3000; i++) {
                byte[] junk = new byte[random.nextInt(600)];
                random.nextBytes(junk);
                if (i % 3 == 0 && junk.length >= 12) {
                    // A plausible header makes the parser go further before it fails.
                    junk[2] = 0x01;
                    junk[3] = 0;
                    junk[4] = 0;
                    junk[5] = 1;
                }
                s.send(new DatagramPacket(junk, junk.length, address));
            }
        }
        // UDP may lose the query if the burst filled the socket buffer; like a stub resolver, ask again.
        Message m = null;
        for (int attempt = 0; attempt < 5 && m == null; attempt++) {
            try {
                m = udp(query("www.example.test", 9), 2000);
            } catch (AssertionError lost) {
                // retried
            }
        }
        assertNotNull(m, "server stopped answering after garbage");
        assertEquals(1, m.getSection(Section.ANSWER).size());
        assertTrue(service.stats().server().malformed() > 0);
    }

    @Test
    void malformedQueryWithReadableHeaderGetsFormerr() throws Exception {
        byte[] q = query("www.example.test", 33).toWire();
        byte[] cut = java.util.Arrays.copyOf(q, q.length - 2);
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            s.send(new DatagramPacket(cut, cut.length, address));
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            Message m = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
            assertEquals(33, m.getHeader().getID());
            assertEquals(Rcode.FORMERR, m.getRcode());
        }
    }

    @Test
    void tcpCarriesSeveralPipelinedQueries() throws Exception {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            for (int id = 1; id <= 3; id++) {
                byte[] q = query(id == 2 ? "nothing.example.test" : "www.example.test", id).toWire();
                out.writeShort(q.length);
                out.write(q);
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                byte[] r = new byte[in.readUnsignedShort()];
                in.readFully(r);
                ids.add(new Message(r).getHeader().getID());
            }
            assertEquals(Set.of(1, 2, 3), ids);
        }
    }

    @Test
    void tcpConnectionWithUnreadableMessageIsClosedAndServerCarriesOn() throws Exception {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(5);
            out.write(new byte[] {1, 2, 3, 4, 5});
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "connection closed");
        }
        assertEquals(1, udp(query("www.example.test", 5)).getSection(Section.ANSWER).size());
    }

    @Test
    void rebindingAnswerIsStrippedAndCanaryIsNxdomain() throws Exception {
        Message r = udp(query("rebind.example.test", 11));
        assertEquals(Rcode.NXDOMAIN, r.getRcode());
        assertEquals(0, r.getSection(Section.ANSWER).size());
        assertEquals(Rcode.NXDOMAIN, udp(query("use-application-dns.net", 12)).getRcode());
        assertEquals(0, upstream.count("use-application-dns.net"));
        assertEquals(Rcode.NXDOMAIN, udp(query("printer.local", 13)).getRcode(), "no local resolver: NXDOMAIN");
        assertEquals(0, upstream.count("printer.local"), "local names never reach an internet upstream");
    }

    @Test
    void libraryQueryReportsDecisionsAndFlushEmptiesCache() throws Exception {
        QueryReport ok = service.query("www.example.test", Type.A, null).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.ANSWERED, ok.resolution().outcome());
        assertNotNull(ok.resolution().before());
        assertEquals(1, ok.response().getSection(Section.ANSWER).size());
        assertTrue(ok.responseText().contains("192.0.2.80"));
        QueryReport blocked = service.query("rebind.example.test", Type.A, null).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.BLOCKED_AFTER_RESOLVE, blocked.resolution().outcome());
        assertTrue(blocked.resolution().after().reason().contains("rebinding"));
        assertTrue(service.stats().cache().entries() > 0);
        service.flushCache();
        assertEquals(0, service.stats().cache().entries());
        assertThrows(IllegalArgumentException.class, () -> service.query("bad..name", Type.A, null));
        assertFalse(service.memory().lookup(null, InetAddress.getByName("192.0.2.80")).isPresent(),
                "library queries do not feed the memory");
    }

    @Test
    void portInUseNamesTheOwningProcess() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Map<String, Object> section = Map.of("listen", List.of("127.0.0.1:" + taken.getLocalPort()),
                    "upstreams", List.of("dns://127.0.0.1:" + upstream.port()), "local-upstreams", List.of());
            try (DnsService other = DnsService.create(new DnsConfigParser().parse(section), new PermissivePolicy(),
                    new ProcPortOwnerLookup(), Clock.systemUTC(), new ResolvConf(List.of(), List.of()))) {
                AddressInUseException e = assertThrows(AddressInUseException.class, other::start);
                String exe = ProcessHandle.current().info().command().orElseThrow();
                assertEquals("address 127.0.0.1:" + taken.getLocalPort() + " (udp) is in use by pid "
                        + ProcessHandle.current().pid() + " (" + exe + ")", e.getMessage());
            }
        }
    }

    private Message udp(Message query) throws IOException {
        return udp(query, 10_000);
    }

    private Message udp(Message query, int timeoutMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(timeoutMillis);
            byte[] q = query.toWire();
            s.send(new DatagramPacket(q, q.length, address));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to " + query.getQuestion(), e);
            }
            return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
        }
    }

    private static Message query(String name, int id) throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
        m.getHeader().setID(id);
        return m;
    }

    /** The default policy, attributing to "token" and counting its calls. */
    private static final class CountingPolicy extends PermissivePolicy {
        final AtomicInteger before = new AtomicInteger();
        final AtomicInteger after = new AtomicInteger();

        @Override
        public BeforeResolveDecision beforeResolve(QueryContext query) {
            before.incrementAndGet();
            return BeforeResolveDecision.allow("counted", "token");
        }

        @Override
        public AfterResolveDecision afterResolve(QueryContext query, ResolvedAnswer answer) {
            after.incrementAndGet();
            assertEquals("token", query.attribution());
            return super.afterResolve(query, answer);
        }
    }
}
