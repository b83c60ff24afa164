package org.netreeve.net.netlink;

import java.nio.ByteBuffer;

/**
 * Writes one netlink message into a reusable buffer: header, optional nfgenmsg, attributes
 * (nested ones too), then {@link #finish()} fills in the length. Not thread-safe: one builder per
 * thread, reused message after message.
 */
public final class MessageBuilder {
    private final ByteBuffer buffer;
    private int position;

    /** @param buffer a buffer in host byte order, direct if it is going to be sent */
    public MessageBuilder(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    /** Starts a message at offset 0; its length is written by {@link #finish()}. */
    public MessageBuilder begin(int type, int flags, int sequence) {
        buffer.putInt(0, 0);
        buffer.putShort(4, (short) type);
        buffer.putShort(6, (short) flags);
        buffer.putInt(8, sequence);
        buffer.putInt(12, 0);
        position = NetlinkMessages.HEADER_LENGTH;
        return this;
    }

    /** Appends the nfgenmsg that every nfnetlink message carries after its header. */
    public MessageBuilder nfgen(int family, int resourceId) {
        buffer.put(position, (byte) family);
        buffer.put(position + 1, (byte) NetlinkMessages.NFNETLINK_V0);
        NetlinkMessages.putBe16(buffer, position + 2, resourceId);
        position += NetlinkMessages.NFGENMSG_LENGTH;
        return this;
    }

    public MessageBuilder u8(int type, int value) {
        int payload = header(type, 1);
        buffer.put(payload, (byte) value);
        return pad(payload + 1);
    }

    public MessageBuilder be16(int type, int value) {
        int payload = header(type, 2);
        NetlinkMessages.putBe16(buffer, payload, value);
        return pad(payload + 2);
    }

    public MessageBuilder be32(int type, int value) {
        int payload = header(type, 4);
        NetlinkMessages.putBe32(buffer, payload, value);
        return pad(payload + 4);
    }

    public MessageBuilder bytes(int type, byte[] value) {
        int payload = header(type, value.length);
        for (int i = 0; i < value.length; i++) {
            buffer.put(payload + i, value[i]);
        }
        return pad(payload + value.length);
    }

    /**
     * Appends an attribute whose payload is a packed struct of the given length; the caller writes
     * the payload at the returned offset. nla_len counts only the struct (e.g. 9 for the nfqueue
     * copy parameters) while the next attribute starts at the aligned offset (12).
     */
    public int struct(int type, int length) {
        int payload = header(type, length);
        for (int i = 0; i < align(length); i++) {
            buffer.put(payload + i, (byte) 0);
        }
        position = payload + align(length);
        return payload;
    }

    /** Opens a nested attribute; pass the returned offset to {@link #endNested(int)}. */
    public int beginNested(int type) {
        int start = position;
        buffer.putShort(start + 2, (short) (type | NetlinkMessages.NLA_F_NESTED));
        position += NetlinkMessages.ATTRIBUTE_HEADER_LENGTH;
        return start;
    }

    public MessageBuilder endNested(int start) {
        buffer.putShort(start, (short) (position - start));
        return this;
    }

    /** Writes the total length into the header and returns it. */
    public int finish() {
        buffer.putInt(0, position);
        return position;
    }

    private int header(int type, int payloadLength) {
        buffer.putShort(position, (short) (NetlinkMessages.ATTRIBUTE_HEADER_LENGTH + payloadLength));
        buffer.putShort(position + 2, (short) type);
        return position + NetlinkMessages.ATTRIBUTE_HEADER_LENGTH;
    }

    private MessageBuilder pad(int end) {
        int aligned = align(end);
        for (int i = end; i < aligned; i++) {
            buffer.put(i, (byte) 0);
        }
        position = aligned;
        return this;
    }

    private static int align(int value) {
        return NetlinkMessages.align(value);
    }
}
