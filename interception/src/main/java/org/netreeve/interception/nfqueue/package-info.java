/**
 * An nfqueue client over raw NETLINK_NETFILTER (no libnetfilter_queue): binds a queue, hands each
 * queued packet to a {@link org.netreeve.interception.nfqueue.PacketHandler} and sends the verdict
 * back, synchronously or later from another thread.
 */
package org.netreeve.interception.nfqueue;
