package org.netreeve.interception.nfqueue;

import java.nio.ByteBuffer;
import org.netreeve.net.Direction;
import org.netreeve.interception.packet.IpPacket;

/**
 * The packet a handler is deciding, as a flyweight over the queue's receive buffer: valid only
 * during {@link PacketHandler#handle}. Everything a later decision needs must be copied out during
 * the call (e.g. {@code ip().tuple()}, {@link #payloadCopy()}).
 */
public final class QueuedPacket {
    private final NfQueue queue;
    private final int queueNumber;
    private final Direction direction;
    private final IpPacket ip = new IpPacket();
    private ByteBuffer buffer;
    private int packetId;
    private int hook;
    private int hardwareProtocol;
    private int mark;
    private int uid;
    private int gid;
    private boolean hasUid;
    private boolean hasGid;
    private int inInterface;
    private int outInterface;
    private int conntrackInfo;
    private int payloadOffset;
    private int payloadLength;
    private int originalLength;
    private DeferredVerdict deferred;

    QueuedPacket(NfQueue queue, int queueNumber, Direction direction) {
        this.queue = queue;
        this.queueNumber = queueNumber;
        this.direction = direction;
    }

    void fill(ByteBuffer source, int id, int hookNumber, int hwProtocol, int packetMark, int uidValue, boolean uidPresent,
            int gidValue, boolean gidPresent, int inIf, int outIf, int ctInfo, int offset, int length, int original) {
        buffer = source;
        packetId = id;
        hook = hookNumber;
        hardwareProtocol = hwProtocol;
        mark = packetMark;
        uid = uidValue;
        hasUid = uidPresent;
        gid = gidValue;
        hasGid = gidPresent;
        inInterface = inIf;
        outInterface = outIf;
        conntrackInfo = ctInfo;
        payloadOffset = offset;
        payloadLength = length;
        originalLength = original;
        deferred = null;
    }

    /** Parses the payload into {@link #ip()}; false if malformed. */
    boolean parse() {
        return ip.parse(buffer, payloadOffset, payloadLength, originalLength);
    }

    DeferredVerdict deferredVerdict() {
        return deferred;
    }

    /**
     * Takes the decision off the receive thread: the queue sends nothing for this packet, and the
     * caller must answer exactly once through the returned object. Return {@link QueueVerdict#DEFER}.
     */
    public DeferredVerdict defer() {
        if (deferred == null) {
            deferred = queue.newDeferred(packetId);
        }
        return deferred;
    }

    public int queueNumber() {
        return queueNumber;
    }

    /** The kernel's id of the packet in its queue; ids grow by one per queued packet. */
    public int packetId() {
        return packetId;
    }

    public Direction direction() {
        return direction;
    }

    /** Netfilter hook number (1 = INPUT, 3 = OUTPUT). */
    public int hook() {
        return hook;
    }

    /** Ethertype from the packet header: 0x0800 IPv4, 0x86dd IPv6. */
    public int hardwareProtocol() {
        return hardwareProtocol;
    }

    /** The packet mark when it was queued (0 for a connection without a saved verdict). */
    public int mark() {
        return mark;
    }

    /** Whether the kernel sent the owning socket's uid (outgoing packets of local sockets). */
    public boolean hasUid() {
        return hasUid;
    }

    /** The owning socket's uid; meaningful only if {@link #hasUid()}. */
    public int uid() {
        return uid;
    }

    public boolean hasGid() {
        return hasGid;
    }

    public int gid() {
        return gid;
    }

    /** Input interface index, 0 if none (locally generated). */
    public int inInterface() {
        return inInterface;
    }

    /** Output interface index, 0 if none. */
    public int outInterface() {
        return outInterface;
    }

    /** The conntrack state (enum ip_conntrack_info, 2 = NEW) or -1 if the kernel did not send it. */
    public int conntrackInfo() {
        return conntrackInfo;
    }

    /** The parsed packet. */
    public IpPacket ip() {
        return ip;
    }

    /** Bytes of the packet present (the copy range may cut a large packet short). */
    public int payloadLength() {
        return payloadLength;
    }

    /** The packet's real length; larger than {@link #payloadLength()} if cut short. */
    public int originalLength() {
        return originalLength;
    }

    /** Byte {@code i} of the IP packet, 0 &lt;= i &lt; {@link #payloadLength()}. */
    public byte payloadByte(int i) {
        if (i < 0 || i >= payloadLength) {
            throw new IndexOutOfBoundsException("payload byte " + i + " of " + payloadLength);
        }
        return buffer.get(payloadOffset + i);
    }

    /** A copy of the IP packet's bytes. */
    public byte[] payloadCopy() {
        byte[] copy = new byte[payloadLength];
        buffer.get(payloadOffset, copy, 0, payloadLength);
        return copy;
    }

    @Override
    public String toString() {
        return "queue " + queueNumber + " id " + packetId + " " + direction + " mark " + mark
                + (hasUid ? " uid " + uid : "") + " " + ip;
    }
}
