package org.netreeve.interception.nfqueue;

import java.time.Duration;
import org.netreeve.net.Direction;

/**
 * How to bind and run one nfqueue.
 *
 * @param queueNumber the queue number used in the NFQUEUE rule (0-65535)
 * @param direction whether the queue carries outbound or inbound first packets
 * @param maxLength packets the kernel holds for this queue before it fails open or drops
 * @param copyRange bytes of each packet copied to user space (0xffff for whole packets)
 * @param receiveBufferBytes socket receive buffer; larger absorbs bursts (ENOBUFS otherwise)
 * @param failOpen NFQA_CFG_F_FAIL_OPEN: when the queue is full the kernel lets the packet continue
 *     instead of dropping it; with the product's chains it then still meets "mark 0 DROP" in C17,
 *     so the host stays fail-closed either way
 * @param conntrack request NFQA_CFG_F_CONNTRACK (conntrack info with each packet); the queue
 *     carries on without it where the kernel answers EOPNOTSUPP
 * @param batchVerdicts send one NFQNL_MSG_VERDICT_BATCH for a run of packets with the same verdict,
 *     flushed as soon as the socket has nothing more queued; never while deferred packets are open
 * @param maxBatch most packets covered by one batch verdict (bounds the added latency)
 * @param bindAttempts how often to try the bind; after a restart the old binding lingers briefly
 * @param bindRetryDelay pause between bind attempts
 * @param pollInterval how long a receive blocks before the loop checks whether it should stop
 */
public record QueueConfig(int queueNumber, Direction direction, int maxLength, int copyRange,
        int receiveBufferBytes, boolean failOpen, boolean conntrack, boolean batchVerdicts, int maxBatch,
        int bindAttempts, Duration bindRetryDelay, Duration pollInterval) {

    /** The four queues of the kernel integration: 170x0 outbound, 171x0 inbound, x = 4 or 6. */
    public static final int OUTBOUND_IPV4 = 17040;
    public static final int OUTBOUND_IPV6 = 17060;
    public static final int INBOUND_IPV4 = 17140;
    public static final int INBOUND_IPV6 = 17160;

    public QueueConfig {
        if (queueNumber < 0 || queueNumber > 65535) {
            throw new IllegalArgumentException("queue number out of range 0-65535: " + queueNumber);
        }
        if (direction == null) {
            throw new IllegalArgumentException("direction of queue " + queueNumber + " is null");
        }
        if (maxLength < 1 || copyRange < 64 || copyRange > 0xffff || receiveBufferBytes < 4096 || maxBatch < 1
                || bindAttempts < 1) {
            throw new IllegalArgumentException("queue " + queueNumber + ": maxLength>=1, copyRange 64-65535,"
                    + " receiveBufferBytes>=4096, maxBatch>=1 and bindAttempts>=1 required");
        }
        if (bindRetryDelay.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("queue " + queueNumber + ": bad retry delay or poll interval");
        }
    }

    /**
     * The defaults for a queue number: direction from the number's scheme (digit 3 = 0 outbound,
     * 1 inbound, as in 17040 and 17140), whole packets, 8 MiB buffer, fail-open, conntrack info
     * requested, single verdicts.
     */
    public static QueueConfig of(int queueNumber) {
        return new QueueConfig(queueNumber, directionOf(queueNumber), 4096, 0xffff, 8 << 20, true, true, false, 64,
                10, Duration.ofMillis(200), Duration.ofMillis(250));
    }

    /** The direction a queue number stands for: (n / 100) % 10 == 1 means inbound. */
    public static Direction directionOf(int queueNumber) {
        return (queueNumber / 100) % 10 == 1 ? Direction.INBOUND : Direction.OUTBOUND;
    }

    public QueueConfig withBatchVerdicts(boolean batch) {
        return new QueueConfig(queueNumber, direction, maxLength, copyRange, receiveBufferBytes, failOpen, conntrack,
                batch, maxBatch, bindAttempts, bindRetryDelay, pollInterval);
    }

    public QueueConfig withConntrack(boolean requested) {
        return new QueueConfig(queueNumber, direction, maxLength, copyRange, receiveBufferBytes, failOpen,
                requested, batchVerdicts, maxBatch, bindAttempts, bindRetryDelay, pollInterval);
    }

    public QueueConfig withMaxLength(int length) {
        return new QueueConfig(queueNumber, direction, length, copyRange, receiveBufferBytes, failOpen, conntrack,
                batchVerdicts, maxBatch, bindAttempts, bindRetryDelay, pollInterval);
    }
}
