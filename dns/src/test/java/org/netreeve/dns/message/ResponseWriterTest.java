package org.netreeve.dns.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

class ResponseWriterTest {

    private final ResponseWriter writer = new ResponseWriter(1232);

    @Test
    void answersWithClientIdQuestionCaseAndAgedTtls() throws Exception {
        ParsedQuery first = parse(Wire.query(1, "www.example.test", false));
        AnswerTemplate t = template(first, 10, 300);
        ParsedQuery second = parse(Wire.query(4242, "WWW.Example.Test", false));
        Message m = new Message(writer.render(second, t, 100, writer.udpLimit(second)));
        assertEquals(4242, m.getHeader().getID());
        assertEquals("WWW.Example.Test.", m.getQuestion().getName().toString());
        assertEquals(10, m.getSection(Section.ANSWER).size());
        assertEquals(200, m.getSection(Section.ANSWER).get(0).getTTL());
        assertTrue(m.getHeader().getFlag(Flags.QR));
        assertTrue(m.getHeader().getFlag(Flags.RD));
        assertNull(m.getOPT(), "no OPT for a client that sent none");
    }

    @Test
    void ttlNeverGoesBelowZero() throws Exception {
        ParsedQuery q = parse(Wire.query(1, "a.test", false));
        Message m = new Message(writer.render(q, template(q, 1, 30), 1000, 512));
        assertEquals(0, m.getSection(Section.ANSWER).get(0).getTTL());
    }

    @Test
    void classicClientGetsTruncatedAnswerAt512Bytes() throws Exception {
        ParsedQuery q = parse(Wire.query(2, "big.test", false));
        AnswerTemplate t = template(q, 60, 300);
        assertEquals(512, writer.udpLimit(q));
        byte[] out = writer.render(q, t, 0, writer.udpLimit(q));
        assertTrue(out.length <= 512);
        Message m = new Message(out);
        assertTrue(m.getHeader().getFlag(Flags.TC));
        assertEquals(0, m.getSection(Section.ANSWER).size());
        assertEquals("big.test.", m.getQuestion().getName().toString());
    }

    @Test
    void ednsClientGetsItsPayloadSizeUpToOurs() throws Exception {
        byte[] wire = Wire.header(3, 0x0100, 1, 0, 0, 1).name("big.test").u16(1).u16(1).opt(4096, 0, true).build();
        ParsedQuery q = parse(wire);
        assertEquals(1232, writer.udpLimit(q), "capped at the advertised size");
        AnswerTemplate t = template(q, 60, 300);
        Message m = new Message(writer.render(q, t, 0, writer.udpLimit(q)));
        assertFalse(m.getHeader().getFlag(Flags.TC));
        assertEquals(60, m.getSection(Section.ANSWER).size());
        assertNotNull(m.getOPT(), "OPT answered to an OPT query");
        assertEquals(1232, m.getOPT().getPayloadSize());
        assertTrue((m.getOPT().getFlags() & ExtendedFlags.DO) != 0, "DO bit echoed");

        byte[] small = Wire.header(4, 0, 1, 0, 0, 1).name("big.test").u16(1).u16(1).opt(600, 0, false).build();
        ParsedQuery sq = parse(small);
        byte[] out = writer.render(sq, t, 0, writer.udpLimit(sq));
        assertTrue(out.length <= 600);
        Message tm = new Message(out);
        assertTrue(tm.getHeader().getFlag(Flags.TC));
        assertNotNull(tm.getOPT(), "truncated answers keep the OPT record");
    }

    @Test
    void additionalSectionIsDroppedBeforeTruncating() throws Exception {
        ParsedQuery q = parse(Wire.query(5, "mx.test", false));
        Message r = new Message(0);
        Name n = Name.fromString("mx.test.");
        r.addRecord(new ARecord(n, 1, 60, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
        r.addRecord(new TXTRecord(Name.fromString("extra.test."), 1, 60, "x".repeat(250)), Section.ADDITIONAL);
        r.addRecord(new TXTRecord(Name.fromString("extra.test."), 1, 60, "y".repeat(250)), Section.ADDITIONAL);
        AnswerTemplate t = AnswerTemplate.of(r, n, 1, 1, 0, 3600, null);
        Message m = new Message(writer.render(q, t, 0, 512));
        assertFalse(m.getHeader().getFlag(Flags.TC), "additional data is optional: no TC");
        assertEquals(1, m.getSection(Section.ANSWER).size());
        assertEquals(0, m.getSection(Section.ADDITIONAL).size());
        Message full = new Message(writer.render(q, t, 0, ResponseWriter.TCP_LIMIT));
        assertEquals(2, full.getSection(Section.ADDITIONAL).size());
    }

    @Test
    void ttlBoundsAreAppliedWhenPrepared() throws Exception {
        ParsedQuery q = parse(Wire.query(6, "a.test", false));
        Message r = new Message(0);
        r.addRecord(new ARecord(Name.fromString("a.test."), 1, 5, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
        r.addRecord(new ARecord(Name.fromString("a.test."), 1, 999999, InetAddress.getByName("192.0.2.2")),
                Section.ANSWER);
        AnswerTemplate t = AnswerTemplate.of(r, Name.fromString("a.test."), 1, 1, 30, 3600, null);
        List<Record> answers = new Message(writer.render(q, t, 0, 512)).getSection(Section.ANSWER);
        assertEquals(30, answers.get(0).getTTL());
        assertEquals(3600, answers.get(1).getTTL());
    }

    @Test
    void errorEchoesIdAndQuestion() throws Exception {
        byte[] question = new byte[] {1, 'a', 0, 0, 1, 0, 1};
        Message m = new Message(writer.error(99, 0x0100, question, MalformedQueryException.FORMERR));
        assertEquals(99, m.getHeader().getID());
        assertEquals(1, m.getRcode());
        assertEquals("a.", m.getQuestion().getName().toString());
        Message noQ = new Message(writer.error(98, 0, null, MalformedQueryException.FORMERR));
        assertNull(noQ.getQuestion());
        Message badvers = new Message(writer.error(97, 0, question, MalformedQueryException.BADVERS));
        assertEquals(16, badvers.getRcode());
    }

    private static ParsedQuery parse(byte[] wire) throws MalformedQueryException {
        return QueryParser.parse(wire, wire.length);
    }

    /** {@code count} A records for the query's name. */
    private static AnswerTemplate template(ParsedQuery q, int count, long ttl) throws Exception {
        Message r = new Message(0);
        Name n = q.name();
        for (int i = 0; i < count; i++) {
            r.addRecord(new ARecord(n, 1, ttl, InetAddress.getByName("192.0.2." + (i + 1))), Section.ANSWER);
        }
        return AnswerTemplate.of(r, n, q.qtype(), q.qclass(), 0, 86400, null);
    }
}
