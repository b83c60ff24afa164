package org.netreeve.dns.message;

import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An answer rendered once and served many times: the records after the question in wire format, with the
 * positions of their TTL fields so each client gets TTLs reduced by the answer's age, and with its own id,
 * question bytes and OPT record patched in by {@link ResponseWriter}.
 *
 * <p>Compression pointers inside {@link #body} assume the question starts at offset 12 and is
 * {@link #questionLength} bytes long. Every client asking the same name (in any letter case) sends a
 * question of that length, so the body is valid behind any of their questions. Immutable.
 */
public final class AnswerTemplate {

    final int rcode;
    final boolean authenticData;
    final int questionLength;
    final byte[] body;
    final int answerCount;
    final int authorityCount;
    final int additionalCount;
    final int additionalOffset;
    final int[] ttlOffsets;
    final long[] ttls;
    final byte[] optOptions;

    private AnswerTemplate(int rcode, boolean authenticData, int questionLength, byte[] body, int answerCount,
                           int authorityCount, int additionalCount, int additionalOffset, int[] ttlOffsets,
                           long[] ttls, byte[] optOptions) {
        this.rcode = rcode;
        this.authenticData = authenticData;
        this.questionLength = questionLength;
        this.body = body;
        this.answerCount = answerCount;
        this.authorityCount = authorityCount;
        this.additionalCount = additionalCount;
        this.additionalOffset = additionalOffset;
        this.ttlOffsets = ttlOffsets;
        this.ttls = ttls;
        this.optOptions = optOptions;
    }

    /**
     * Renders the answer, authority and additional sections of {@code response} (its OPT record dropped: the
     * client gets Netreeve's own) behind the question ({@code name}, {@code type}, {@code dclass}).
     * TTLs are clamped to {@code [minTtl, maxTtl]}. {@code optOptions} are raw EDNS options to send to
     * clients that use EDNS (for example an Extended DNS Error); may be empty.
     */
    public static AnswerTemplate of(Message response, Name name, int type, int dclass, long minTtl, long maxTtl,
                                    byte[] optOptions) {
        Message m = new Message(0);
        Header h = m.getHeader();
        h.setRcode(response.getHeader().getRcode() & 0xf);
        h.setFlag(Flags.QR);
        m.addRecord(Record.newRecord(name, type, dclass), Section.QUESTION);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : response.getSection(section)) {
                if (r.getType() != Type.OPT && r.getType() != Type.TSIG && r.getType() != Type.SIG) {
                    m.addRecord(r, section);
                }
            }
        }
        byte[] wire = m.toWire();
        int an = QueryParser.u16(wire, 6);
        int ns = QueryParser.u16(wire, 8);
        int ar = QueryParser.u16(wire, 10);
        int pos = 12;
        try {
            pos = QueryParser.skipName(wire, pos, wire.length) + 4;
        } catch (QueryParser.NameException e) {
            throw new IllegalStateException("dnsjava rendered an unreadable question", e);
        }
        int questionEnd = pos;
        int total = an + ns + ar;
        int[] offsets = new int[total];
        long[] ttls = new long[total];
        int additionalOffset = -1;
        for (int i = 0; i < total; i++) {
            if (i == an + ns) {
                additionalOffset = pos - questionEnd;
            }
            try {
                pos = QueryParser.skipName(wire, pos, wire.length);
            } catch (QueryParser.NameException e) {
                throw new IllegalStateException("dnsjava rendered an unreadable record", e);
            }
            offsets[i] = pos + 4 - questionEnd;
            long ttl = QueryParser.u32(wire, pos + 4);
            ttls[i] = Math.max(minTtl, Math.min(maxTtl, ttl));
            pos += 10 + QueryParser.u16(wire, pos + 8);
        }
        if (additionalOffset < 0) {
            additionalOffset = pos - questionEnd;
        }
        byte[] body = java.util.Arrays.copyOfRange(wire, questionEnd, wire.length);
        boolean ad = response.getHeader().getFlag(Flags.AD);
        return new AnswerTemplate(response.getHeader().getRcode() & 0xf, ad, questionEnd - 12, body, an, ns, ar,
                additionalOffset, offsets, ttls, optOptions == null ? new byte[0] : optOptions.clone());
    }

    /** An answer with no records and this response code (NXDOMAIN, REFUSED, SERVFAIL, NOERROR/NODATA). */
    public static AnswerTemplate empty(int rcode, int questionLength, byte[] optOptions) {
        return new AnswerTemplate(rcode, false, questionLength, new byte[0], 0, 0, 0, 0, new int[0], new long[0],
                optOptions == null ? new byte[0] : optOptions.clone());
    }

    /** Builds a response message from records (used for synthesized answers). */
    public static AnswerTemplate ofRecords(int rcode, Name name, int type, int dclass, List<Record> answers,
                                           List<Record> authority, byte[] optOptions) {
        Message m = new Message(0);
        m.getHeader().setRcode(rcode);
        for (Record r : answers) {
            m.addRecord(r, Section.ANSWER);
        }
        for (Record r : authority) {
            m.addRecord(r, Section.AUTHORITY);
        }
        return of(m, name, type, dclass, 0, Long.MAX_VALUE, optOptions);
    }

    public int rcode() {
        return rcode;
    }

    public int answerCount() {
        return answerCount;
    }

    /** Size of the rendered records. */
    public int bodyLength() {
        return body.length;
    }

    /** The raw EDNS options served to EDNS clients. */
    public byte[] optOptions() {
        return optOptions.clone();
    }
}
