package org.netreeve.interception.bench;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.netreeve.net.Verdict;
import org.netreeve.net.netlink.MessageBuilder;
import org.netreeve.net.netlink.NetlinkChannel;
import org.netreeve.net.netlink.NetlinkMessages;
import org.netreeve.net.netlink.NetlinkSocket;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.interception.nfqueue.QueueConfig;
import org.netreeve.interception.nfqueue.QueueVerdict;
import org.netreeve.interception.packet.IpPacket;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The user-space cost of one queued packet, without the kernel: parsing alone, and the whole
 * dispatch (netlink attribute scan, IP parse, handler call, verdict message built and "sent")
 * over a channel that replays one recorded NFQNL_MSG_PACKET datagram. Run with the GC profiler to
 * see that the path allocates nothing per packet:
 *
 * <pre>
 * mvn -pl interception test-compile
 * java -cp "interception/target/test-classes:interception/target/classes:$(cat cp.txt)" \
 *     org.netreeve.interception.bench.PacketPathBenchmark
 * </pre>
 * where cp.txt comes from {@code mvn -pl interception dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PacketPathBenchmark {
    private final IpPacket packet = new IpPacket();
    private ByteBuffer ipv4Syn;
    private ByteBuffer ipv6WithExtensions;
    private NfQueue queue;

    /** Replays one datagram forever and discards what is sent. */
    static final class ReplayChannel implements NetlinkChannel {
        private final ByteBuffer datagram;

        ReplayChannel(ByteBuffer datagram) {
            this.datagram = datagram;
        }

        @Override
        public void send(ByteBuffer buffer, int length) {
        }

        @Override
        public int receive(ByteBuffer buffer, boolean dontWait) {
            buffer.put(0, datagram, 0, datagram.limit());
            return datagram.limit();
        }

        @Override
        public void close() {
        }
    }

    @Setup
    public void setUp() {
        byte[] syn = new byte[60];
        syn[0] = 0x45;
        syn[3] = 60;
        syn[9] = 6;
        syn[12] = 10;
        syn[15] = 1;
        syn[16] = 10;
        syn[19] = 2;
        syn[21] = 80;
        syn[23] = (byte) 443;
        syn[32] = (byte) 0xa0;
        syn[33] = 0x02;
        ipv4Syn = ByteBuffer.wrap(syn);

        byte[] v6 = new byte[40 + 8 + 16 + 20];
        v6[0] = 0x60;
        v6[5] = 44;
        v6[6] = 0;
        v6[40] = 60;
        v6[48] = 6;
        v6[49] = 1;
        v6[64 + 12] = 0x50;
        v6[64 + 13] = 0x02;
        ipv6WithExtensions = ByteBuffer.wrap(v6);

        MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(512));
        builder.begin(3 << 8, 0, 0).nfgen(2, 17040);
        int header = builder.struct(1, 7);
        NetlinkMessages.putBe32(builder.buffer(), header, 42);
        NetlinkMessages.putBe16(builder.buffer(), header + 4, 0x0800);
        builder.be32(3, 0).be32(6, 2).be32(16, 1000).be32(17, 1000).bytes(10, syn);
        int length = builder.finish();
        ByteBuffer datagram = NetlinkSocket.allocateBuffer(length);
        datagram.put(0, builder.buffer(), 0, length);
        datagram.limit(length);
        QueueVerdict accept = QueueVerdict.accept(Verdict.PERMANENT_ACCEPT);
        queue = NfQueue.overChannel(QueueConfig.of(17040), p -> p.ip().destinationPort() == 443 ? accept
                : QueueVerdict.DROP, new ReplayChannel(datagram), Clock.systemUTC());
    }

    @Benchmark
    public boolean parseIpv4TcpSyn() {
        return packet.parse(ipv4Syn, 0, 60);
    }

    @Benchmark
    public boolean parseIpv6WithExtensionHeaders() {
        return packet.parse(ipv6WithExtensions, 0, ipv6WithExtensions.capacity());
    }

    @Benchmark
    public void dispatchOnePacketAndBuildItsVerdict() throws Exception {
        queue.pollOnce();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(PacketPathBenchmark.class.getSimpleName())
                .addProfiler("gc").build()).run();
    }
}
