package org.netreeve.interception.nfqueue;

import static org.netreeve.interception.nfqueue.NfqConstants.*;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.netreeve.net.logging.RateLimitedLog;
import org.netreeve.net.netlink.AttributeIndex;
import org.netreeve.net.netlink.Errno;
import org.netreeve.net.netlink.MessageBuilder;
import org.netreeve.net.netlink.NetlinkChannel;
import org.netreeve.net.netlink.NetlinkException;
import org.netreeve.net.netlink.NetlinkMessages;
import org.netreeve.net.netlink.NetlinkSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound nfqueue with its own socket and receive thread.
 *
 * <p>Lifecycle: {@link #open} binds and configures the queue (retrying the bind while an old
 * binding lingers), {@link #start} starts the receive thread, {@link #close} stops it, unbinds and
 * closes the socket. While the queue is not bound, the product's NFQUEUE rules bypass it and the
 * unmarked packets are dropped by C17, so a crashed or closed queue fails closed.
 *
 * <p>Thread rules: the receive thread owns the receive buffer, the packet flyweight, the
 * synchronous send buffer and the plain counters; other threads only send deferred verdicts
 * (through a separately locked buffer) and read counters through {@link #stats()}.
 */
public final class NfQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NfQueue.class);
    private static final int RECEIVE_BUFFER = 0xffff + 4096;
    private static final int SEND_BUFFER = 256;
    private static final long LOG_INTERVAL_MILLIS = 10_000;

    private final QueueConfig config;
    private final PacketHandler handler;
    private final NetlinkChannel socket;
    private final ByteBuffer receiveBuffer = NetlinkSocket.allocateBuffer(RECEIVE_BUFFER);
    private final MessageBuilder syncBuilder = new MessageBuilder(NetlinkSocket.allocateBuffer(SEND_BUFFER));
    private final MessageBuilder deferredBuilder = new MessageBuilder(NetlinkSocket.allocateBuffer(SEND_BUFFER));
    private final AttributeIndex attributes = new AttributeIndex(NFQA_INDEX_CAPACITY);
    private final QueuedPacket packet;
    private final RateLimitedLog malformedLog;
    private final RateLimitedLog handlerErrorLog;
    private final RateLimitedLog enobufsLog;
    private final RateLimitedLog kernelErrorLog;
    private final AtomicInteger deferredOpen = new AtomicInteger();
    private final AtomicLong deferredAccepted = new AtomicLong();
    private final AtomicLong deferredDropped = new AtomicLong();
    private final boolean conntrackEnabled;
    private int sequence = 1;

    // Written only by the receive thread; volatile so that stats() reads recent values.
    private volatile long received;
    private volatile long accepted;
    private volatile long dropped;
    private volatile long deferredCount;
    private volatile long batches;

    // Run of identical verdicts not yet sent (receive thread only).
    private QueueVerdict batchVerdict;
    private int batchLastId;
    private int batchSize;

    private volatile boolean running;
    private volatile boolean closed;
    private Thread thread;

    /**
     * A queue over an already bound channel, driven by the caller through {@link #pollOnce()}
     * instead of {@link #start()}: for tests and benchmarks that feed recorded datagrams.
     */
    public static NfQueue overChannel(QueueConfig config, PacketHandler handler, NetlinkChannel channel, Clock clock) {
        return new NfQueue(config, handler, channel, clock, false);
    }

    NfQueue(QueueConfig config, PacketHandler handler, NetlinkChannel socket, Clock clock,
            boolean conntrackEnabled) {
        this.config = config;
        this.handler = handler;
        this.socket = socket;
        this.conntrackEnabled = conntrackEnabled;
        this.packet = new QueuedPacket(this, config.queueNumber(), config.direction());
        String name = "queue " + config.queueNumber();
        this.malformedLog = new RateLimitedLog(LOG, name + ": dropped malformed packets", clock, LOG_INTERVAL_MILLIS);
        this.handlerErrorLog = new RateLimitedLog(LOG, name + ": dropped packets the handler failed on", clock,
                LOG_INTERVAL_MILLIS);
        this.enobufsLog = new RateLimitedLog(LOG, name + ": kernel dropped packets (ENOBUFS, receive buffer full)",
                clock, LOG_INTERVAL_MILLIS);
        this.kernelErrorLog = new RateLimitedLog(LOG, name + ": error replies from the kernel", clock,
                LOG_INTERVAL_MILLIS);
    }

    /**
     * Opens a socket, binds the queue and configures it. Does not start receiving.
     *
     * @throws NetlinkException if the queue cannot be bound (e.g. still bound by another process
     *     after all attempts: EPERM) or configured
     */
    public static NfQueue open(QueueConfig config, PacketHandler handler, Clock clock) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER);
        try {
            socket.setReceiveBufferSize(config.receiveBufferBytes());
            socket.setReceiveTimeout(config.pollInterval());
            ByteBuffer scratch = NetlinkSocket.allocateBuffer(RECEIVE_BUFFER);
            MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(SEND_BUFFER));
            int[] sequence = {1};
            bind(socket, config, builder, scratch, sequence);
            configure(socket, config, builder, scratch, sequence);
            boolean conntrack = false;
            if (config.conntrack()) {
                conntrack = requestFlags(socket, config, builder, scratch, sequence, NFQA_CFG_F_CONNTRACK,
                        NFQA_CFG_F_CONNTRACK, true);
            }
            NfQueue queue = new NfQueue(config, handler, socket, clock, conntrack);
            queue.sequence = sequence[0];
            LOG.info("queue {} bound ({}, conntrack info {})", config.queueNumber(), config.direction(),
                    conntrack ? "on" : "unsupported by the kernel");
            return queue;
        } catch (NetlinkException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static void bind(NetlinkSocket socket, QueueConfig config, MessageBuilder builder, ByteBuffer scratch,
            int[] sequence) throws NetlinkException {
        NetlinkException last = null;
        for (int attempt = 1; attempt <= config.bindAttempts(); attempt++) {
            int seq = sequence[0]++;
            builder.begin(type(NFQNL_MSG_CONFIG), NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, seq)
                    .nfgen(AF_UNSPEC, config.queueNumber());
            int cmd = builder.struct(NFQA_CFG_CMD, 4);
            ByteBuffer b = builder.buffer();
            b.put(cmd, (byte) NFQNL_CFG_CMD_BIND);
            NetlinkMessages.putBe16(b, cmd + 2, AF_UNSPEC);
            int length = builder.finish();
            try {
                socket.request(b, length, seq, scratch, "bind nfqueue " + config.queueNumber());
                return;
            } catch (NetlinkException e) {
                // EPERM/EBUSY: another socket (often our own previous run) still holds the queue.
                if (e.errno() != Errno.EPERM && e.errno() != Errno.EBUSY) {
                    throw e;
                }
                last = e;
                LOG.debug("queue {} still bound elsewhere (attempt {}/{})", config.queueNumber(), attempt,
                        config.bindAttempts());
                sleep(config.bindRetryDelay().toMillis());
            }
        }
        throw new NetlinkException("bind nfqueue " + config.queueNumber() + " after " + config.bindAttempts()
                + " attempts (is another process bound to it?)", last.errno());
    }

    private static void configure(NetlinkSocket socket, QueueConfig config, MessageBuilder builder, ByteBuffer scratch,
            int[] sequence) throws NetlinkException {
        int seq = sequence[0]++;
        builder.begin(type(NFQNL_MSG_CONFIG), NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, seq)
                .nfgen(AF_UNSPEC, config.queueNumber());
        // nfqnl_msg_config_params is packed: be32 copy_range + u8 copy_mode, nla_len 9.
        int params = builder.struct(NFQA_CFG_PARAMS, 5);
        NetlinkMessages.putBe32(builder.buffer(), params, config.copyRange());
        builder.buffer().put(params + 4, (byte) NFQNL_COPY_PACKET);
        builder.be32(NFQA_CFG_QUEUE_MAXLEN, config.maxLength());
        int length = builder.finish();
        socket.request(builder.buffer(), length, seq, scratch, "configure nfqueue " + config.queueNumber());
        int flags = NFQA_CFG_F_UID_GID | NFQA_CFG_F_GSO | (config.failOpen() ? NFQA_CFG_F_FAIL_OPEN : 0);
        int mask = NFQA_CFG_F_UID_GID | NFQA_CFG_F_GSO | NFQA_CFG_F_FAIL_OPEN;
        requestFlags(socket, config, builder, scratch, sequence, mask, flags, false);
    }

    /** @return true if set; false only when {@code optional} and the kernel says EOPNOTSUPP */
    private static boolean requestFlags(NetlinkSocket socket, QueueConfig config, MessageBuilder builder,
            ByteBuffer scratch, int[] sequence, int mask, int flags, boolean optional) throws NetlinkException {
        int seq = sequence[0]++;
        builder.begin(type(NFQNL_MSG_CONFIG), NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, seq)
                .nfgen(AF_UNSPEC, config.queueNumber())
                .be32(NFQA_CFG_MASK, mask)
                .be32(NFQA_CFG_FLAGS, flags);
        int length = builder.finish();
        try {
            socket.request(builder.buffer(), length, seq, scratch,
                    "set flags 0x" + Integer.toHexString(flags) + " on nfqueue " + config.queueNumber());
            return true;
        } catch (NetlinkException e) {
            if (optional && e.errno() == Errno.EOPNOTSUPP) {
                return false;
            }
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the receive thread (named "nfqueue-N"). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("queue " + config.queueNumber() + " already started");
        }
        running = true;
        thread = new Thread(this::receiveLoop, "nfqueue-" + config.queueNumber());
        thread.start();
    }

    public QueueConfig config() {
        return config;
    }

    /** Whether the kernel sends conntrack info with each packet (NFQA_CFG_F_CONNTRACK accepted). */
    public boolean conntrackEnabled() {
        return conntrackEnabled;
    }

    public QueueStats stats() {
        return new QueueStats(received, accepted + deferredAccepted.get(), dropped + deferredDropped.get(),
                malformedLog.total(), handlerErrorLog.total(), deferredCount, deferredOpen.get(), enobufsLog.total(),
                batches, kernelErrorLog.total());
    }

    private void receiveLoop() {
        try {
            while (running) {
                pollOnce();
            }
            flushBatch();
        } catch (NetlinkException e) {
            if (running) {
                LOG.error("queue {} receive loop failed; its packets are now dropped by the filter chain",
                        config.queueNumber(), e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("queue {} receive loop crashed; its packets are now dropped by the filter chain",
                    config.queueNumber(), e);
        }
    }

    /**
     * One turn of the receive loop: receive a datagram (without blocking while a batch is pending),
     * handle the packets in it, or flush the batch when nothing more is queued.
     */
    public void pollOnce() throws NetlinkException {
        int length = socket.receive(receiveBuffer, batchSize > 0);
        if (length == -Errno.EAGAIN) {
            flushBatch();
        } else if (length == -Errno.ENOBUFS) {
            enobufsLog.record("socket receive buffer " + config.receiveBufferBytes() + " bytes");
        } else if (length > 0) {
            dispatch(length);
        }
    }

    private void dispatch(int length) throws NetlinkException {
        int offset = 0;
        while (offset + NetlinkMessages.HEADER_LENGTH <= length) {
            int messageLength = NetlinkMessages.length(receiveBuffer, offset);
            if (messageLength < NetlinkMessages.HEADER_LENGTH || offset + messageLength > length) {
                kernelErrorLog.record("netlink message of length " + messageLength + " in a datagram of " + length);
                return;
            }
            int type = NetlinkMessages.type(receiveBuffer, offset);
            if (type == type(NFQNL_MSG_PACKET)) {
                handlePacket(offset, messageLength);
            } else if (type == NetlinkMessages.NLMSG_ERROR) {
                int error = NetlinkMessages.errorCode(receiveBuffer, offset);
                if (error != 0) {
                    kernelErrorLog.record(Errno.describe(-error));
                }
            }
            offset += NetlinkMessages.align(messageLength);
        }
    }

    private void handlePacket(int offset, int messageLength) throws NetlinkException {
        int attributesStart = offset + NetlinkMessages.HEADER_LENGTH + NetlinkMessages.NFGENMSG_LENGTH;
        boolean wellFormed = attributes.scan(receiveBuffer, attributesStart, offset + messageLength);
        if (!attributes.has(NFQA_PACKET_HDR) || attributes.length(NFQA_PACKET_HDR) < 7) {
            // Without a packet id there is nothing to answer; the kernel keeps or times out the packet.
            kernelErrorLog.record("packet message without a packet header");
            return;
        }
        int header = attributes.offset(NFQA_PACKET_HDR);
        int id = NetlinkMessages.getBe32(receiveBuffer, header);
        received++;
        if (!wellFormed || !attributes.has(NFQA_PAYLOAD)) {
            malformedLog.record("netlink attributes of packet " + id + " are malformed");
            answer(id, QueueVerdict.DROP);
            return;
        }
        int payloadLength = attributes.length(NFQA_PAYLOAD);
        packet.fill(receiveBuffer, id, receiveBuffer.get(header + 6) & 0xff,
                NetlinkMessages.getBe16(receiveBuffer, header + 4),
                attributes.be32(NFQA_MARK, 0),
                attributes.be32(NFQA_UID, -1), attributes.has(NFQA_UID),
                attributes.be32(NFQA_GID, -1), attributes.has(NFQA_GID),
                attributes.be32(NFQA_IFINDEX_INDEV, 0), attributes.be32(NFQA_IFINDEX_OUTDEV, 0),
                attributes.be32(NFQA_CT_INFO, -1),
                attributes.offset(NFQA_PAYLOAD), payloadLength,
                attributes.be32(NFQA_CAP_LEN, payloadLength));
        if (!packet.parse()) {
            malformedLog.record(packet.ip().malformation().description());
            answer(id, QueueVerdict.DROP);
            return;
        }
        QueueVerdict verdict;
        try {
            verdict = handler.handle(packet);
        } catch (RuntimeException e) {
            handlerErrorLog.record(e);
            verdict = packet.deferredVerdict() == null ? QueueVerdict.DROP : QueueVerdict.DEFER;
        }
        if (packet.deferredVerdict() != null) {
            deferredCount++;
            return;
        }
        if (verdict == null || verdict.action() == QueueVerdict.Action.DEFER) {
            handlerErrorLog.record(verdict == null ? "handler returned null" : "handler returned DEFER without defer()");
            verdict = QueueVerdict.DROP;
        }
        answer(id, verdict);
    }

    private void answer(int id, QueueVerdict verdict) throws NetlinkException {
        if (verdict.action() == QueueVerdict.Action.ACCEPT) {
            accepted++;
        } else {
            dropped++;
        }
        if (!config.batchVerdicts() || deferredOpen.get() > 0) {
            flushBatch();
            sendVerdict(syncBuilder, NFQNL_MSG_VERDICT, id, verdict);
            return;
        }
        if (batchSize > 0 && !batchVerdict.equals(verdict)) {
            flushBatch();
        }
        batchVerdict = verdict;
        batchLastId = id;
        batchSize++;
        if (batchSize >= config.maxBatch()) {
            flushBatch();
        }
    }

    private void flushBatch() throws NetlinkException {
        if (batchSize == 0) {
            return;
        }
        if (batchSize == 1) {
            sendVerdict(syncBuilder, NFQNL_MSG_VERDICT, batchLastId, batchVerdict);
        } else {
            // A batch verdict covers every packet of this queue with an id up to batchLastId; that is
            // safe only because no deferred packet is open (checked before a packet joins a batch).
            sendVerdict(syncBuilder, NFQNL_MSG_VERDICT_BATCH, batchLastId, batchVerdict);
            batches++;
        }
        batchSize = 0;
    }

    private void sendVerdict(MessageBuilder builder, int message, int id, QueueVerdict verdict) throws NetlinkException {
        builder.begin(type(message), NetlinkMessages.NLM_F_REQUEST, 0).nfgen(AF_UNSPEC, config.queueNumber());
        int header = builder.struct(NFQA_VERDICT_HDR, 8);
        boolean accept = verdict.action() == QueueVerdict.Action.ACCEPT;
        NetlinkMessages.putBe32(builder.buffer(), header, accept ? NF_ACCEPT : NF_DROP);
        NetlinkMessages.putBe32(builder.buffer(), header + 4, id);
        if (accept) {
            builder.be32(NFQA_MARK, verdict.mark());
        }
        socket.send(builder.buffer(), builder.finish());
    }

    DeferredVerdict newDeferred(int packetId) {
        if (config.batchVerdicts()) {
            try {
                // Packets batched so far have lower ids; send them before this one stays open.
                flushBatch();
            } catch (NetlinkException e) {
                LOG.warn("queue {}: flushing batched verdicts failed", config.queueNumber(), e);
            }
        }
        deferredOpen.incrementAndGet();
        return new DeferredVerdict(this, packetId);
    }

    boolean sendDeferred(int packetId, QueueVerdict verdict) {
        deferredOpen.decrementAndGet();
        if (closed) {
            return false;
        }
        try {
            synchronized (deferredBuilder) {
                sendVerdict(deferredBuilder, NFQNL_MSG_VERDICT, packetId, verdict);
            }
        } catch (NetlinkException e) {
            LOG.warn("queue {}: deferred verdict for packet {} failed", config.queueNumber(), packetId, e);
            return false;
        }
        if (verdict.action() == QueueVerdict.Action.ACCEPT) {
            deferredAccepted.incrementAndGet();
        } else {
            deferredDropped.incrementAndGet();
        }
        return true;
    }

    /**
     * Stops the receive thread (within the poll interval), unbinds the queue and closes the socket.
     * Packets the kernel still holds for the queue are dropped by the kernel on unbind.
     */
    @Override
    public void close() {
        Thread receiver;
        synchronized (this) {
            if (closed) {
                return;
            }
            running = false;
            receiver = thread;
        }
        if (receiver != null && receiver != Thread.currentThread()) {
            try {
                receiver.join(config.pollInterval().toMillis() * 4 + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed = true;
        try {
            int seq = sequence++;
            MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(SEND_BUFFER));
            builder.begin(type(NFQNL_MSG_CONFIG), NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, seq)
                    .nfgen(AF_UNSPEC, config.queueNumber());
            int cmd = builder.struct(NFQA_CFG_CMD, 4);
            builder.buffer().put(cmd, (byte) NFQNL_CFG_CMD_UNBIND);
            socket.request(builder.buffer(), builder.finish(), seq, NetlinkSocket.allocateBuffer(RECEIVE_BUFFER),
                    "unbind nfqueue " + config.queueNumber());
        } catch (NetlinkException e) {
            LOG.debug("queue {}: unbind failed, closing the socket unbinds it too", config.queueNumber(), e);
        }
        socket.close();
        LOG.info("queue {} closed: {}", config.queueNumber(), stats());
    }
}
