package org.netreeve.interception.nfqueue;

/**
 * Counters of one queue since it was opened.
 *
 * @param received packets handed to user space
 * @param accepted packets answered ACCEPT (any mark)
 * @param dropped packets answered DROP, malformed ones included
 * @param malformed packets that did not parse
 * @param handlerErrors packets dropped because the handler threw, returned null or misused DEFER
 * @param deferred packets the handler deferred
 * @param deferredOpen deferred packets not yet answered
 * @param enobufs ENOBUFS reports: the kernel dropped messages because the socket buffer was full
 * @param batches batch verdict messages sent
 * @param kernelErrors error replies from the kernel (e.g. a verdict for an unknown packet id)
 */
public record QueueStats(long received, long accepted, long dropped, long malformed, long handlerErrors,
        long deferred, long deferredOpen, long enobufs, long batches, long kernelErrors) {
}
