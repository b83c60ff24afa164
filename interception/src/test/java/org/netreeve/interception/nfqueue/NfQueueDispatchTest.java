package org.netreeve.interception.nfqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.netreeve.net.Verdict;
import org.netreeve.net.netlink.AttributeIndex;
import org.netreeve.net.netlink.Errno;
import org.netreeve.net.netlink.MessageBuilder;
import org.netreeve.net.netlink.NetlinkChannel;
import org.netreeve.net.netlink.NetlinkMessages;
import org.netreeve.net.netlink.NetlinkSocket;

/**
 * The queue's dispatch, fed with hand-built NFQNL_MSG_PACKET datagrams through a fake channel that
 * records the verdict messages the queue sends back.
 */
class NfQueueDispatchTest {
    /** A sent verdict message, decoded. */
    record Sent(int message, int verdict, int id, int mark) {
    }

    static final class FakeChannel implements NetlinkChannel {
        final Deque<byte[]> incoming = new ArrayDeque<>();
        final List<Sent> sent = new ArrayList<>();

        @Override
        public synchronized void send(ByteBuffer buffer, int length) {
            AttributeIndex attributes = new AttributeIndex(8);
            assertTrue(attributes.scan(buffer, 20, length));
            int header = attributes.offset(2);
            sent.add(new Sent(NetlinkMessages.type(buffer, 0) & 0xff, NetlinkMessages.getBe32(buffer, header),
                    NetlinkMessages.getBe32(buffer, header + 4), attributes.be32(3, -1)));
            assertEquals(QUEUE, NetlinkMessages.nfgenResourceId(buffer, 0));
        }

        @Override
        public int receive(ByteBuffer buffer, boolean dontWait) {
            byte[] next = incoming.poll();
            if (next == null) {
                return -Errno.EAGAIN;
            }
            if (next.length == 0) {
                return -Errno.ENOBUFS;
            }
            buffer.put(0, next);
            return next.length;
        }

        @Override
        public void close() {
        }

        synchronized List<Sent> sent() {
            return List.copyOf(sent);
        }
    }

    static final int QUEUE = 17040;
    final FakeChannel channel = new FakeChannel();

    NfQueue queue(PacketHandler handler, boolean batch) {
        return new NfQueue(QueueConfig.of(QUEUE).withBatchVerdicts(batch), handler, channel, Clock.systemUTC(), false);
    }

    /** An IPv4 TCP SYN from 10.0.0.1:40000 to 192.168.1.2:443. */
    static byte[] tcpSyn() {
        byte[] p = new byte[40];
        p[0] = 0x45;
        p[3] = 40;
        p[9] = 6;
        p[12] = 10;
        p[15] = 1;
        p[16] = (byte) 192;
        p[17] = (byte) 168;
        p[18] = 1;
        p[19] = 2;
        p[20] = (byte) (40000 >>> 8);
        p[21] = (byte) 40000;
        p[22] = 1;
        p[23] = (byte) 187;
        p[32] = 0x50;
        p[33] = 0x02;
        return p;
    }

    static byte[] packetMessage(int id, byte[] payload, Integer uid, boolean withPayload) {
        MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(4096));
        builder.begin((3 << 8), 0, 0).nfgen(2, QUEUE);
        int header = builder.struct(1, 7);
        NetlinkMessages.putBe32(builder.buffer(), header, id);
        NetlinkMessages.putBe16(builder.buffer(), header + 4, 0x0800);
        builder.buffer().put(header + 6, (byte) 3);
        builder.be32(3, 0);
        builder.be32(6, 2);
        if (uid != null) {
            builder.be32(16, uid);
            builder.be32(17, uid);
        }
        if (withPayload) {
            builder.bytes(10, payload);
        }
        int length = builder.finish();
        byte[] bytes = new byte[length];
        builder.buffer().get(0, bytes);
        return bytes;
    }

    @Test
    void handsTheParsedPacketToTheHandlerAndSendsItsVerdictWithTheMark() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        NfQueue queue = queue(packet -> {
            seen.set(packet.packetId() + " " + packet.direction() + " uid=" + packet.uid() + " gid=" + packet.gid()
                    + " out=" + packet.outInterface() + " hook=" + packet.hook() + " hw=0x"
                    + Integer.toHexString(packet.hardwareProtocol()) + " " + packet.ip().destinationPort() + " syn="
                    + packet.ip().isTcpSyn() + " len=" + packet.payloadLength());
            return QueueVerdict.accept(Verdict.PERMANENT_ACCEPT);
        }, false);
        channel.incoming.add(packetMessage(7, tcpSyn(), 1000, true));
        queue.pollOnce();
        assertEquals("7 outbound uid=1000 gid=1000 out=2 hook=3 hw=0x800 443 syn=true len=40", seen.get());
        assertEquals(List.of(new Sent(1, 1, 7, 1710)), channel.sent());
        assertEquals(1, queue.stats().accepted());
    }

    @Test
    void aPacketWithoutUidSaysSo() throws Exception {
        List<Boolean> hasUid = new ArrayList<>();
        NfQueue queue = queue(packet -> {
            hasUid.add(packet.hasUid());
            return QueueVerdict.DROP;
        }, false);
        channel.incoming.add(packetMessage(1, tcpSyn(), null, true));
        queue.pollOnce();
        assertEquals(List.of(false), hasUid);
        assertEquals(List.of(new Sent(1, 0, 1, -1)), channel.sent(), "a drop carries no mark");
    }

    @Test
    void aMalformedPacketIsDroppedWithoutAskingTheHandler() throws Exception {
        List<Integer> calls = new ArrayList<>();
        NfQueue queue = queue(packet -> {
            calls.add(packet.packetId());
            return QueueVerdict.accept(Verdict.ACCEPT);
        }, false);
        byte[] bad = tcpSyn();
        bad[0] = 0x43;
        channel.incoming.add(packetMessage(3, bad, 0, true));
        channel.incoming.add(packetMessage(4, tcpSyn(), 0, false));
        queue.pollOnce();
        queue.pollOnce();
        assertEquals(List.of(), calls);
        assertEquals(List.of(new Sent(1, 0, 3, -1), new Sent(1, 0, 4, -1)), channel.sent());
        assertEquals(2, queue.stats().malformed());
        assertEquals(2, queue.stats().dropped());
    }

    @Test
    void aFailingHandlerGetsThePacketDropped() throws Exception {
        int[] call = {0};
        NfQueue queue = queue(packet -> {
            call[0]++;
            if (call[0] == 1) {
                throw new IllegalStateException("boom");
            }
            return call[0] == 2 ? null : QueueVerdict.DEFER;
        }, false);
        for (int id = 1; id <= 3; id++) {
            channel.incoming.add(packetMessage(id, tcpSyn(), 0, true));
            queue.pollOnce();
        }
        assertEquals(List.of(new Sent(1, 0, 1, -1), new Sent(1, 0, 2, -1), new Sent(1, 0, 3, -1)), channel.sent());
        assertEquals(3, queue.stats().handlerErrors());
    }

    @Test
    void aDeferredPacketIsAnsweredLaterFromAnotherThreadExactlyOnce() throws Exception {
        List<DeferredVerdict> pending = new ArrayList<>();
        NfQueue queue = queue(packet -> {
            pending.add(packet.defer());
            return QueueVerdict.DEFER;
        }, false);
        channel.incoming.add(packetMessage(11, tcpSyn(), 0, true));
        queue.pollOnce();
        assertEquals(List.of(), channel.sent());
        assertEquals(1, queue.stats().deferredOpen());
        Thread answer = new Thread(() -> pending.get(0).accept(Verdict.BLOCK));
        answer.start();
        answer.join();
        assertFalse(pending.get(0).drop(), "a second answer is ignored");
        assertEquals(List.of(new Sent(1, 1, 11, 1701)), channel.sent());
        assertEquals(0, queue.stats().deferredOpen());
        assertEquals(1, queue.stats().deferred());
    }

    @Test
    void identicalVerdictsAreBatchedUntilTheSocketRunsDry() throws Exception {
        NfQueue queue = queue(packet -> QueueVerdict.accept(Verdict.PERMANENT_ACCEPT), true);
        for (int id = 1; id <= 3; id++) {
            channel.incoming.add(packetMessage(id, tcpSyn(), 0, true));
        }
        for (int i = 0; i < 4; i++) {
            queue.pollOnce();
        }
        assertEquals(List.of(new Sent(3, 1, 3, 1710)), channel.sent());
        assertEquals(1, queue.stats().batches());
    }

    @Test
    void aDifferentVerdictEndsTheBatchAndASingleOneIsSentPlain() throws Exception {
        NfQueue queue = queue(packet -> packet.packetId() == 3 ? QueueVerdict.DROP
                : QueueVerdict.accept(Verdict.PERMANENT_ACCEPT), true);
        for (int id = 1; id <= 3; id++) {
            channel.incoming.add(packetMessage(id, tcpSyn(), 0, true));
        }
        for (int i = 0; i < 4; i++) {
            queue.pollOnce();
        }
        assertEquals(List.of(new Sent(3, 1, 2, 1710), new Sent(1, 0, 3, -1)), channel.sent());
    }

    @Test
    void noBatchIsSentWhileADeferredPacketIsOpen() throws Exception {
        List<DeferredVerdict> pending = new ArrayList<>();
        NfQueue queue = queue(packet -> {
            if (packet.packetId() == 2) {
                pending.add(packet.defer());
                return QueueVerdict.DEFER;
            }
            return QueueVerdict.accept(Verdict.PERMANENT_ACCEPT);
        }, true);
        for (int id = 1; id <= 4; id++) {
            channel.incoming.add(packetMessage(id, tcpSyn(), 0, true));
        }
        for (int i = 0; i < 5; i++) {
            queue.pollOnce();
        }
        pending.get(0).drop();
        assertEquals(List.of(new Sent(1, 1, 1, 1710), new Sent(1, 1, 3, 1710), new Sent(1, 1, 4, 1710),
                new Sent(1, 0, 2, -1)), channel.sent());
    }

    @Test
    void enobufsIsCountedAndTheLoopCarriesOn() throws Exception {
        NfQueue queue = queue(packet -> QueueVerdict.accept(Verdict.ACCEPT), false);
        channel.incoming.add(new byte[0]);
        channel.incoming.add(packetMessage(5, tcpSyn(), 0, true));
        queue.pollOnce();
        queue.pollOnce();
        assertEquals(1, queue.stats().enobufs());
        assertEquals(List.of(new Sent(1, 1, 5, 1700)), channel.sent());
    }

    @Test
    void errorRepliesFromTheKernelAreCounted() throws Exception {
        NfQueue queue = queue(packet -> QueueVerdict.DROP, false);
        ByteBuffer error = NetlinkSocket.allocateBuffer(36);
        new MessageBuilder(error).begin(NetlinkMessages.NLMSG_ERROR, 0, 0);
        error.putInt(0, 36);
        error.putInt(16, -Errno.ENOENT);
        byte[] bytes = new byte[36];
        error.get(0, bytes);
        channel.incoming.add(bytes);
        queue.pollOnce();
        assertEquals(1, queue.stats().kernelErrors());
    }
}
