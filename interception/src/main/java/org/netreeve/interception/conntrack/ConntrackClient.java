package org.netreeve.interception.conntrack;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.netreeve.net.netlink.Errno;
import org.netreeve.net.netlink.MessageBuilder;
import org.netreeve.net.netlink.NetlinkException;
import org.netreeve.net.netlink.NetlinkMessages;
import org.netreeve.net.netlink.NetlinkSocket;
import org.netreeve.net.FiveTuple;
import org.netreeve.net.IpProtocol;

/**
 * Updates the mark of, or deletes, one conntrack entry identified by its original 5-tuple, IPv4 or
 * IPv6, through NETLINK_NETFILTER / NFNL_SUBSYS_CTNETLINK.
 *
 * <p>Clearing the mark of a connection that was permanently decided (1710-1712) makes its next
 * packet miss the restored mark, so mangle C170/C171 queue it again and the daemon decides anew —
 * the way to apply a policy or security-level change to established connections without cutting
 * them. Deleting the entry does the same and also forgets NAT and state; it is the harsher choice.
 *
 * <p>Thread rules: thread-safe; requests are serialised on the one socket.
 */
public final class ConntrackClient implements AutoCloseable {
    private static final int NFNL_SUBSYS_CTNETLINK = 1;
    private static final int IPCTNL_MSG_CT_NEW = 0;
    private static final int IPCTNL_MSG_CT_DELETE = 2;
    private static final int CTA_TUPLE_ORIG = 1;
    private static final int CTA_MARK = 8;
    private static final int CTA_TUPLE_IP = 1;
    private static final int CTA_TUPLE_PROTO = 2;
    private static final int CTA_IP_V4_SRC = 1;
    private static final int CTA_IP_V4_DST = 2;
    private static final int CTA_IP_V6_SRC = 3;
    private static final int CTA_IP_V6_DST = 4;
    private static final int CTA_PROTO_NUM = 1;
    private static final int CTA_PROTO_SRC_PORT = 2;
    private static final int CTA_PROTO_DST_PORT = 3;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private final NetlinkSocket socket;
    private final MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(512));
    private final ByteBuffer scratch = NetlinkSocket.allocateBuffer(8192);
    private int sequence = 1;

    private ConntrackClient(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a ctnetlink socket in the caller's network namespace (needs CAP_NET_ADMIN). */
    public static ConntrackClient open() throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER);
        try {
            socket.setReceiveTimeout(Duration.ofSeconds(2));
            return new ConntrackClient(socket);
        } catch (NetlinkException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sets the connection mark of the entry whose original tuple is {@code tuple}.
     *
     * @return false if there is no such entry
     * @throws IllegalArgumentException for a protocol without ports (ICMP entries are keyed by id,
     *     type and code, which a 5-tuple does not carry)
     */
    public synchronized boolean setMark(FiveTuple tuple, int mark) throws NetlinkException {
        int seq = begin(IPCTNL_MSG_CT_NEW, tuple);
        builder.be32(CTA_MARK, mark);
        return send(seq, "set conntrack mark " + mark + " of " + tuple);
    }

    /** Sets the mark to 0, so that the connection's next packet is queued and decided again. */
    public boolean clearMark(FiveTuple tuple) throws NetlinkException {
        return setMark(tuple, 0);
    }

    /** Deletes the entry; @return false if there was none. */
    public synchronized boolean delete(FiveTuple tuple) throws NetlinkException {
        int seq = begin(IPCTNL_MSG_CT_DELETE, tuple);
        return send(seq, "delete conntrack entry " + tuple);
    }

    private int begin(int message, FiveTuple tuple) {
        if (!IpProtocol.hasPorts(tuple.protocol())) {
            throw new IllegalArgumentException("conntrack entries of protocol " + tuple.protocol()
                    + " are not addressed by ports: " + tuple);
        }
        int seq = sequence++;
        boolean v4 = tuple.ipVersion() == 4;
        // Without NLM_F_CREATE a CT_NEW only updates an existing entry and answers ENOENT otherwise.
        builder.begin((NFNL_SUBSYS_CTNETLINK << 8) | message,
                NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, seq)
                .nfgen(v4 ? AF_INET : AF_INET6, 0);
        int orig = builder.beginNested(CTA_TUPLE_ORIG);
        int ip = builder.beginNested(CTA_TUPLE_IP);
        builder.bytes(v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, tuple.source().getAddress());
        builder.bytes(v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, tuple.destination().getAddress());
        builder.endNested(ip);
        int proto = builder.beginNested(CTA_TUPLE_PROTO);
        builder.u8(CTA_PROTO_NUM, tuple.protocol());
        builder.be16(CTA_PROTO_SRC_PORT, tuple.sourcePort());
        builder.be16(CTA_PROTO_DST_PORT, tuple.destinationPort());
        builder.endNested(proto);
        builder.endNested(orig);
        return seq;
    }

    private boolean send(int seq, String what) throws NetlinkException {
        int length = builder.finish();
        try {
            socket.request(builder.buffer(), length, seq, scratch, what);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
