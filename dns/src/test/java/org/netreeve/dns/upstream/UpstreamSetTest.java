package org.netreeve.dns.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.netreeve.net.fixtures.ManualClock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class UpstreamSetTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Message query = Message.newQuery(Record.newRecord(Name.fromConstantString("a.test."), Type.A, DClass.IN));

    @Test
    void failsOverToTheNextUpstreamAndSkipsTheFailedOneForAWhile() throws Exception {
        Fake down = new Fake("dns://192.0.2.1", -1);
        Fake up = new Fake("dns://192.0.2.2", Rcode.NOERROR);
        UpstreamSet set = new UpstreamSet(List.of(down, up), clock, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(30));
        assertEquals("dns://192.0.2.2", set.resolve(query).get(5, TimeUnit.SECONDS).upstream().url());
        assertFalse(set.stats().get(0).healthy());
        set.resolve(query).get(5, TimeUnit.SECONDS);
        assertEquals(1, down.calls.get(), "a failed upstream is skipped");
        clock.advance(Duration.ofSeconds(31));
        set.resolve(query).get(5, TimeUnit.SECONDS);
        assertEquals(2, down.calls.get(), "and retried after the pause");
        assertEquals(2, set.stats().get(0).queries(), "the retry is counted");
        assertEquals(3, up.calls.get());
    }

    @Test
    void servfailMovesOnWithoutMarkingDown() throws Exception {
        Fake broken = new Fake("dns://192.0.2.1", Rcode.SERVFAIL);
        Fake good = new Fake("dns://192.0.2.2", Rcode.NOERROR);
        UpstreamSet set = new UpstreamSet(List.of(broken, good), clock, Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(30));
        assertEquals(Rcode.NOERROR, set.resolve(query).get(5, TimeUnit.SECONDS).response().getRcode());
        assertTrue(set.stats().get(0).healthy());
    }

    @Test
    void lastServfailIsReturnedWhenNobodyDoesBetter() throws Exception {
        UpstreamSet set = new UpstreamSet(List.of(new Fake("dns://192.0.2.1", -1), new Fake("dns://192.0.2.2",
                Rcode.SERVFAIL)), clock, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(30));
        assertEquals(Rcode.SERVFAIL, set.resolve(query).get(5, TimeUnit.SECONDS).response().getRcode());
    }

    @Test
    void allDownFailsWithTheLastError() {
        UpstreamSet set = new UpstreamSet(List.of(new Fake("dns://192.0.2.1", -1)), clock, Duration.ofSeconds(1),
                Duration.ofSeconds(3), Duration.ofSeconds(30));
        ExecutionException e = assertThrows(ExecutionException.class, () -> set.resolve(query).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("unreachable"));
    }

    /** Answers with a fixed rcode, or fails when the rcode is negative. */
    private static final class Fake implements Upstream {
        final UpstreamSpec spec;
        final int rcode;
        final AtomicInteger calls = new AtomicInteger();

        Fake(String url, int rcode) {
            this.spec = UpstreamSpec.parse(url);
            this.rcode = rcode;
        }

        @Override
        public UpstreamSpec spec() {
            return spec;
        }

        @Override
        public CompletableFuture<Message> query(Message query, Duration timeout) {
            calls.incrementAndGet();
            if (rcode < 0) {
                return CompletableFuture.failedFuture(new UpstreamException(spec + ": unreachable"));
            }
            Message r = query.clone();
            r.getHeader().setFlag(Flags.QR);
            r.getHeader().setRcode(rcode);
            return CompletableFuture.completedFuture(r);
        }

        @Override
        public void close() {
        }
    }
}
