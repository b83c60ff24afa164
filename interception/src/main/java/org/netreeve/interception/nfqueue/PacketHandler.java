package org.netreeve.interception.nfqueue;

/**
 * Decides what happens to each queued packet. Called on the queue's receive thread, one packet at a
 * time, with a view that is only valid during the call.
 *
 * <p>Synchronous use: return a {@link QueueVerdict} (ideally a cached one such as
 * {@code QueueVerdict.accept(Verdict.PERMANENT_ACCEPT)}); the queue sends it at once (or batches it).
 * Asynchronous use: call {@link QueuedPacket#defer()}, copy what you need from the packet, return
 * {@link QueueVerdict#DEFER}, and answer through the returned {@link DeferredVerdict} from any thread.
 * The kernel keeps a deferred packet until it is answered, so every deferred packet must be
 * answered (a timeout in the caller is the usual guard). A handler that throws, returns null, or
 * returns DEFER without deferring gets the packet dropped and counted.
 */
@FunctionalInterface
public interface PacketHandler {
    QueueVerdict handle(QueuedPacket packet);
}
