package org.netreeve.net.netlink;

import java.nio.ByteBuffer;

/**
 * Layouts of {@code nlmsghdr} (16 bytes, host byte order), {@code nfgenmsg} (4 bytes, res_id
 * big-endian) and {@code nlattr} (4 bytes, host byte order, payload padded to 4). The accessors are
 * static and absolute so that parsing allocates nothing; big-endian payload values are read byte by
 * byte because netfilter attributes are in network order whatever the host's order is.
 */
public final class NetlinkMessages {
    public static final int HEADER_LENGTH = 16;
    public static final int NFGENMSG_LENGTH = 4;
    public static final int ATTRIBUTE_HEADER_LENGTH = 4;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_CREATE = 0x400;

    /** Marks a nested attribute; ignored by readers, which mask the type with {@link #ATTRIBUTE_TYPE_MASK}. */
    public static final int NLA_F_NESTED = 1 << 15;
    public static final int ATTRIBUTE_TYPE_MASK = 0x3fff;

    /** {@code NFNETLINK_V0}, the only nfnetlink version. */
    public static final int NFNETLINK_V0 = 0;

    private NetlinkMessages() {
    }

    /** Rounds up to the 4-byte alignment of netlink messages and attributes (NLMSG_ALIGN, NLA_ALIGN). */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    public static int length(ByteBuffer buffer, int messageOffset) {
        return buffer.getInt(messageOffset);
    }

    public static int type(ByteBuffer buffer, int messageOffset) {
        return buffer.getShort(messageOffset + 4) & 0xffff;
    }

    public static int flags(ByteBuffer buffer, int messageOffset) {
        return buffer.getShort(messageOffset + 6) & 0xffff;
    }

    public static int sequence(ByteBuffer buffer, int messageOffset) {
        return buffer.getInt(messageOffset + 8);
    }

    /** The {@code error} field of an NLMSG_ERROR message: 0 for an acknowledgement, else -errno. */
    public static int errorCode(ByteBuffer buffer, int messageOffset) {
        return buffer.getInt(messageOffset + HEADER_LENGTH);
    }

    /** The nfnetlink subsystem of a message type (its high byte). */
    public static int subsystem(int messageType) {
        return (messageType >>> 8) & 0xff;
    }

    /** The subsystem-specific message number of a message type (its low byte). */
    public static int subsystemMessage(int messageType) {
        return messageType & 0xff;
    }

    /** The {@code nfgen_family} of the nfgenmsg following the header. */
    public static int nfgenFamily(ByteBuffer buffer, int messageOffset) {
        return buffer.get(messageOffset + HEADER_LENGTH) & 0xff;
    }

    /** The {@code res_id} (queue number for nfqueue) of the nfgenmsg following the header. */
    public static int nfgenResourceId(ByteBuffer buffer, int messageOffset) {
        return getBe16(buffer, messageOffset + HEADER_LENGTH + 2);
    }

    public static int getBe16(ByteBuffer buffer, int offset) {
        return ((buffer.get(offset) & 0xff) << 8) | (buffer.get(offset + 1) & 0xff);
    }

    public static int getBe32(ByteBuffer buffer, int offset) {
        return ((buffer.get(offset) & 0xff) << 24)
                | ((buffer.get(offset + 1) & 0xff) << 16)
                | ((buffer.get(offset + 2) & 0xff) << 8)
                | (buffer.get(offset + 3) & 0xff);
    }

    public static void putBe16(ByteBuffer buffer, int offset, int value) {
        buffer.put(offset, (byte) (value >>> 8));
        buffer.put(offset + 1, (byte) value);
    }

    public static void putBe32(ByteBuffer buffer, int offset, int value) {
        buffer.put(offset, (byte) (value >>> 24));
        buffer.put(offset + 1, (byte) (value >>> 16));
        buffer.put(offset + 2, (byte) (value >>> 8));
        buffer.put(offset + 3, (byte) value);
    }
}
