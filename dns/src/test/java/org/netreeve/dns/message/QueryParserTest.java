package org.netreeve.dns.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QueryParserTest {

    @Test
    void parsesAQueryWithEdns() throws Exception {
        byte[] q = Wire.header(0x1234, 0x0110, 1, 0, 0, 1).name("WWW.Example.COM").u16(28).u16(1)
                .opt(1232, 0, true).build();
        ParsedQuery p = QueryParser.parse(q, q.length);
        assertEquals(0x1234, p.id());
        assertEquals("www.example.com", p.qname());
        assertEquals(28, p.qtype());
        assertEquals(1, p.qclass());
        assertTrue(p.recursionDesired());
        assertTrue(p.checkingDisabled());
        assertEquals(1232, p.edns().udpSize());
        assertTrue(p.dnssecOk());
        assertEquals("WWW.Example.COM.", p.name().toString());
    }

    @Test
    void escapesUnusualBytesInTheName() throws Exception {
        byte[] q = Wire.header(1, 0, 1, 0, 0, 0).u8(3).u8('a').u8('.').u8(0x07).u8(0).u16(1).u16(1).build();
        assertEquals("a\\.\\007", QueryParser.parse(q, q.length).qname());
    }

    @Test
    void rootQueryHasEmptyName() throws Exception {
        byte[] q = Wire.header(1, 0, 1, 0, 0, 0).u8(0).u16(2).u16(1).build();
        assertEquals("", QueryParser.parse(q, q.length).qname());
    }

    @Test
    void truncatedHeaderIsDropped() {
        MalformedQueryException e = malformed(new byte[] {1, 2, 3, 4, 5});
        assertFalse(e.answerable());
    }

    @Test
    void responsesAreDroppedNotAnswered() {
        byte[] q = Wire.header(9, 0x8180, 1, 0, 0, 0).name("a.test").u16(1).u16(1).build();
        assertFalse(malformed(q).answerable());
    }

    @Test
    void truncatedQuestionIsFormerrWithId() {
        byte[] q = Wire.query(77, "example.com", false);
        MalformedQueryException e = malformed(Arrays.copyOf(q, q.length - 3));
        assertFormerr(e, 77);
        assertNull(e.question(), "a question that did not parse is not echoed");
    }

    @Test
    void compressionPointerInQuestionIsFormerr() {
        byte[] q = Wire.header(5, 0, 1, 0, 0, 0).u8(1).u8('a').u8(0xc0).u8(12).u16(1).u16(1).build();
        MalformedQueryException e = malformed(q);
        assertFormerr(e, 5);
        assertTrue(e.getMessage().contains("compression pointer"));
    }

    @Test
    void compressionLoopInAdditionalIsFormerrWithQuestionEcho() {
        // The additional record's owner points at itself: a loop.
        Wire w = Wire.header(6, 0, 1, 0, 0, 1).name("a.test").u16(1).u16(1);
        int self = 12 + 8 + 4;
        byte[] q = w.u8(0xc0 | (self >> 8)).u8(self & 0xff).u16(1).u16(1).u32(0).u16(0).build();
        MalformedQueryException e = malformed(q);
        assertFormerr(e, 6);
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
        assertArrayEquals(Arrays.copyOfRange(q, 12, 24), e.question());
    }

    @Test
    void labelLongerThan63IsFormerr() {
        byte[] q = Wire.header(7, 0, 1, 0, 0, 0).u8(64).bytes(new byte[64]).u8(0).u16(1).u16(1).build();
        assertFormerr(malformed(q), 7);
    }

    @Test
    void nameLongerThan255IsFormerr() {
        String label = "a".repeat(63);
        String name = label + "." + label + "." + label + "." + label + ".x";
        byte[] q = Wire.header(8, 0, 1, 0, 0, 0).name(name).u16(1).u16(1).build();
        MalformedQueryException e = malformed(q);
        assertFormerr(e, 8);
        assertTrue(e.getMessage().contains("255"));
    }

    @Test
    void countsThatDoNotMatchAreFormerr() {
        byte[] missingAdditional = Wire.header(9, 0, 1, 0, 0, 1).name("a.test").u16(1).u16(1).build();
        assertFormerr(malformed(missingAdditional), 9);
        byte[] trailing = Wire.header(10, 0, 1, 0, 0, 0).name("a.test").u16(1).u16(1).u16(0xdead).build();
        MalformedQueryException e = malformed(trailing);
        assertFormerr(e, 10);
        assertTrue(e.getMessage().contains("counts do not match"));
        byte[] answers = Wire.header(11, 0, 1, 1, 0, 0).name("a.test").u16(1).u16(1).build();
        assertFormerr(malformed(answers), 11);
    }

    @Test
    void questionCountOtherThanOneIsFormerr() {
        assertFormerr(malformed(Wire.header(12, 0, 0, 0, 0, 0).build()), 12);
        byte[] two = Wire.header(13, 0, 2, 0, 0, 0).name("a.test").u16(1).u16(1).name("b.test").u16(1).u16(1).build();
        assertFormerr(malformed(two), 13);
    }

    @Test
    void oversizedMessageIsFormerr() {
        byte[] big = new byte[QueryParser.MAX_QUERY_SIZE + 1];
        System.arraycopy(Wire.query(14, "a.test", false), 0, big, 0, 12);
        assertFormerr(malformed(big), 14);
    }

    @Test
    void twoOptRecordsAreFormerr() {
        byte[] q = Wire.header(15, 0, 1, 0, 0, 2).name("a.test").u16(1).u16(1).opt(512, 0, false).opt(512, 0, false)
                .build();
        assertFormerr(malformed(q), 15);
    }

    @Test
    void unknownEdnsVersionIsBadvers() {
        byte[] q = Wire.header(16, 0, 1, 0, 0, 1).name("a.test").u16(1).u16(1).opt(1232, 1, false).build();
        MalformedQueryException e = malformed(q);
        assertTrue(e.answerable());
        assertEquals(MalformedQueryException.BADVERS, e.rcode());
    }

    @Test
    void otherOpcodesAreNotImplemented() {
        byte[] q = Wire.header(17, 0x2000, 1, 0, 0, 0).name("a.test").u16(6).u16(1).build();
        MalformedQueryException e = malformed(q);
        assertEquals(MalformedQueryException.NOTIMP, e.rcode());
        assertEquals(17, e.id());
    }

    @Test
    void smallEdnsSizeCountsAs512() throws Exception {
        byte[] q = Wire.header(18, 0, 1, 0, 0, 1).name("a.test").u16(1).u16(1).opt(100, 0, false).build();
        assertEquals(512, QueryParser.parse(q, q.length).edns().udpSize());
    }

    private static MalformedQueryException malformed(byte[] wire) {
        return assertThrows(MalformedQueryException.class, () -> QueryParser.parse(wire, wire.length));
    }

    private static void assertFormerr(MalformedQueryException e, int id) {
        assertTrue(e.answerable(), e.getMessage());
        assertEquals(MalformedQueryException.FORMERR, e.rcode(), e.getMessage());
        assertEquals(id, e.id());
    }
}
