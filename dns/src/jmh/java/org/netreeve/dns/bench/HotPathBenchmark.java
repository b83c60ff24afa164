package org.netreeve.dns.bench;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netreeve.dns.memory.DomainMemory;
import org.netreeve.dns.memory.RememberedDomain;
import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.message.QueryParser;
import org.netreeve.dns.message.ResponseWriter;
import org.netreeve.dns.policy.ResolvedAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The two paths that run most often: the memory lookup made for every new connection, and parsing a query
 * plus rendering a cached answer for it (a cache hit without the socket and policy).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {

    private DomainMemory memory;
    private InetAddress hit;
    private final String hitToken = "profile-" + (100 * 256 + 7) % 50;
    private InetAddress miss;
    private byte[] query;
    private AnswerTemplate template;
    private final ResponseWriter writer = new ResponseWriter(1232);

    @Setup
    public void setUp() throws Exception {
        memory = new DomainMemory(Clock.systemUTC(), Duration.ofMinutes(5), 200_000);
        for (int i = 0; i < 100_000; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            memory.record("profile-" + (i % 50), "host" + i + ".example.com", List.of(), List.of(new ResolvedAddress(a, 300)));
        }
        hit = InetAddress.getByAddress(new byte[] {10, 0, 100, 7});
        miss = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
        Name name = Name.fromString("www.example.com.");
        Message q = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN));
        query = q.toWire();
        Message r = new Message(0);
        r.addRecord(new ARecord(name, DClass.IN, 300, InetAddress.getByName("192.0.2.80")), Section.ANSWER);
        r.addRecord(new ARecord(name, DClass.IN, 300, InetAddress.getByName("192.0.2.81")), Section.ANSWER);
        template = AnswerTemplate.of(r, name, Type.A, DClass.IN, 0, 86400, null);
    }

    @Benchmark
    public RememberedDomain memoryLookupAttributedHit() {
        return memory.lookup(hitToken, hit).orElse(null);
    }

    @Benchmark
    public Object memoryLookupMiss() {
        return memory.lookup("profile-1", miss).orElse(null);
    }

    @Benchmark
    public byte[] parseQueryAndRenderCachedAnswer() throws Exception {
        ParsedQuery q = QueryParser.parse(query, query.length);
        return writer.render(q, template, 5, writer.udpLimit(q));
    }

    /** Runs the benchmarks: {@code java -cp <test classpath> org.netreeve.dns.bench.HotPathBenchmark}. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {HotPathBenchmark.class.getSimpleName()});
    }
}
