package org.netreeve.interception.nfqueue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.netreeve.net.Verdict;

/**
 * The pending answer for one deferred packet. Thread-safe; the first answer wins and later ones
 * return false. Answering after the queue was closed does nothing, because closing the queue made
 * the kernel drop the packets it was holding.
 */
public final class DeferredVerdict {
    private final NfQueue queue;
    private final int packetId;
    private final AtomicBoolean answered = new AtomicBoolean();

    DeferredVerdict(NfQueue queue, int packetId) {
        this.queue = queue;
        this.packetId = packetId;
    }

    public int packetId() {
        return packetId;
    }

    public int queueNumber() {
        return queue.config().queueNumber();
    }

    /** Sends the verdict. @return false if already answered or the queue is closed */
    public boolean issue(QueueVerdict verdict) {
        if (verdict.action() == QueueVerdict.Action.DEFER) {
            throw new IllegalArgumentException("a deferred packet needs ACCEPT or DROP, not DEFER");
        }
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        return queue.sendDeferred(packetId, verdict);
    }

    public boolean accept(Verdict mark) {
        return issue(QueueVerdict.accept(mark));
    }

    public boolean drop() {
        return issue(QueueVerdict.DROP);
    }

    public boolean isAnswered() {
        return answered.get();
    }
}
