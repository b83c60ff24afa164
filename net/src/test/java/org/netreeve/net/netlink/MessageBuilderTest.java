package org.netreeve.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MessageBuilderTest {
    private final ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final MessageBuilder builder = new MessageBuilder(buffer);

    @Test
    void writesTheHeaderInHostOrderAndTheNfgenResourceIdBigEndian() {
        builder.begin(0x0302, NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, 77).nfgen(10, 17040);
        int length = builder.finish();
        assertEquals(20, length);
        assertEquals(20, NetlinkMessages.length(buffer, 0));
        assertEquals(0x0302, NetlinkMessages.type(buffer, 0));
        assertEquals(3, NetlinkMessages.subsystem(NetlinkMessages.type(buffer, 0)));
        assertEquals(2, NetlinkMessages.subsystemMessage(NetlinkMessages.type(buffer, 0)));
        assertEquals(5, NetlinkMessages.flags(buffer, 0));
        assertEquals(77, NetlinkMessages.sequence(buffer, 0));
        assertEquals(10, NetlinkMessages.nfgenFamily(buffer, 0));
        assertEquals(17040, NetlinkMessages.nfgenResourceId(buffer, 0));
        assertEquals((byte) (17040 >>> 8), buffer.get(18));
        assertEquals((byte) 17040, buffer.get(19));
    }

    @Test
    void padsAttributesToFourBytesAndWritesValuesBigEndian() {
        builder.begin(1, 0, 0).u8(1, 0xab).be16(2, 0x1234).be32(3, 0xdeadbeef);
        int length = builder.finish();
        // u8: len 5 at 16, next at 24; be16: len 6 at 24, next at 32; be32: len 8 at 32, end 40
        assertEquals(40, length);
        assertEquals(5, buffer.getShort(16));
        assertEquals(1, buffer.getShort(18));
        assertEquals((byte) 0xab, buffer.get(20));
        assertEquals(0, buffer.get(21));
        assertEquals(6, buffer.getShort(24));
        assertEquals(0x1234, NetlinkMessages.getBe16(buffer, 28));
        assertEquals(8, buffer.getShort(32));
        assertEquals(0xdeadbeef, NetlinkMessages.getBe32(buffer, 36));
    }

    @Test
    void aPackedStructKeepsItsLengthButTheNextAttributeStartsAligned() {
        builder.begin(1, 0, 0);
        int params = builder.struct(2, 5);
        NetlinkMessages.putBe32(buffer, params, 0xffff);
        buffer.put(params + 4, (byte) 2);
        builder.be32(3, 4096);
        builder.finish();
        assertEquals(9, buffer.getShort(16), "nla_len of the packed copy parameters");
        assertEquals(8, buffer.getShort(16 + 12), "next attribute at offset 12 from the first");
        assertEquals(3, buffer.getShort(16 + 14));
    }

    @Test
    void nestedAttributesCarryTheNestedFlagAndTheirTotalLength() {
        builder.begin(1, 0, 0);
        int outer = builder.beginNested(1);
        int inner = builder.beginNested(2);
        builder.bytes(1, new byte[] {10, 0, 0, 1});
        builder.endNested(inner);
        builder.u8(3, 6);
        builder.endNested(outer);
        int length = builder.finish();
        assertEquals(16 + 4 + 4 + 8 + 8, length);
        assertEquals(24, buffer.getShort(16));
        assertEquals(1 | NetlinkMessages.NLA_F_NESTED, buffer.getShort(18) & 0xffff);
        assertEquals(12, buffer.getShort(20));
    }

    @Test
    void theAttributeIndexFindsWhatTheBuilderWrote() {
        builder.begin(1, 0, 0).nfgen(0, 0).be32(3, 1710).be16(5, 443).bytes(10, new byte[] {1, 2, 3});
        int length = builder.finish();
        AttributeIndex index = new AttributeIndex(16);
        assertTrue(index.scan(buffer, 20, length));
        assertEquals(1710, index.be32(3, -1));
        assertEquals(443, index.be16(5, -1));
        assertTrue(index.has(10));
        assertEquals(3, index.length(10));
        assertEquals(2, buffer.get(index.offset(10) + 1));
        assertFalse(index.has(4));
        assertEquals(-7, index.be32(4, -7));
        assertEquals(-7, index.be32(5, -7), "a 2-byte attribute read as 32 bits gives the fallback");
    }

    @Test
    void theAttributeIndexRejectsLengthsBelowTheHeaderOrPastTheEnd() {
        AttributeIndex index = new AttributeIndex(8);
        ByteBuffer bad = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        bad.putShort(0, (short) 3);
        assertFalse(index.scan(bad, 0, 16));
        bad.putShort(0, (short) 20);
        assertFalse(index.scan(bad, 0, 16));
        bad.putShort(0, (short) 8);
        bad.putShort(2, (short) 2);
        bad.putShort(8, (short) 8);
        bad.putShort(10, (short) 40);
        assertTrue(index.scan(bad, 0, 16), "a type beyond the capacity is skipped");
        assertTrue(index.has(2));
    }

    @Test
    void alignRoundsUpToFour() {
        assertEquals(0, NetlinkMessages.align(0));
        assertEquals(12, NetlinkMessages.align(9));
        assertEquals(12, NetlinkMessages.align(12));
    }
}
