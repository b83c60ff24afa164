package org.netreeve.net.netlink;

import java.nio.ByteBuffer;

/**
 * A reusable index of the attributes of one message (or one nested attribute): for each type below
 * the capacity, where its payload starts and how long it is. Filling it allocates nothing, which is
 * why the nfqueue receive loop uses it instead of building attribute objects. Not thread-safe.
 */
public final class AttributeIndex {
    private final int[] offsets;
    private final int[] lengths;
    private ByteBuffer buffer;

    /** @param capacity one more than the highest attribute type of interest */
    public AttributeIndex(int capacity) {
        offsets = new int[capacity];
        lengths = new int[capacity];
    }

    /**
     * Indexes the attributes between {@code from} and {@code to}. Types at or above the capacity are
     * skipped; a repeated type keeps its last occurrence.
     *
     * @return false if an attribute's length is below 4 or runs past {@code to}
     */
    public boolean scan(ByteBuffer source, int from, int to) {
        buffer = source;
        java.util.Arrays.fill(offsets, -1);
        int offset = from;
        while (offset + NetlinkMessages.ATTRIBUTE_HEADER_LENGTH <= to) {
            int length = source.getShort(offset) & 0xffff;
            int type = source.getShort(offset + 2) & NetlinkMessages.ATTRIBUTE_TYPE_MASK;
            if (length < NetlinkMessages.ATTRIBUTE_HEADER_LENGTH || offset + length > to) {
                return false;
            }
            if (type < offsets.length) {
                offsets[type] = offset + NetlinkMessages.ATTRIBUTE_HEADER_LENGTH;
                lengths[type] = length - NetlinkMessages.ATTRIBUTE_HEADER_LENGTH;
            }
            offset += NetlinkMessages.align(length);
        }
        return true;
    }

    public boolean has(int type) {
        return offsets[type] >= 0;
    }

    /** Offset of the payload in the scanned buffer, or -1 if absent. */
    public int offset(int type) {
        return offsets[type];
    }

    /** Payload length, meaningful only if {@link #has(int)}. */
    public int length(int type) {
        return lengths[type];
    }

    /** A big-endian 32-bit payload, or {@code fallback} if the attribute is absent or too short. */
    public int be32(int type, int fallback) {
        if (offsets[type] < 0 || lengths[type] < 4) {
            return fallback;
        }
        return NetlinkMessages.getBe32(buffer, offsets[type]);
    }

    /** A big-endian 16-bit payload, or {@code fallback} if absent or too short. */
    public int be16(int type, int fallback) {
        if (offsets[type] < 0 || lengths[type] < 2) {
            return fallback;
        }
        return NetlinkMessages.getBe16(buffer, offsets[type]);
    }
}
