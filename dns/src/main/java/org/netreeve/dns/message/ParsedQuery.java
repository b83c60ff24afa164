package org.netreeve.dns.message;

import java.util.Arrays;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

/**
 * A query that passed {@link QueryParser}: exactly one question, opcode QUERY, well-formed records.
 *
 * @param wire        the message as received (the question bytes are echoed from it)
 * @param id          message id
 * @param flags       the 16-bit flags word of the header
 * @param qname       the question name, lower case, presentation format, no trailing dot ({@code ""} = root)
 * @param qtype       question type
 * @param qclass      question class
 * @param questionEnd offset just past the question (the question occupies {@code [12, questionEnd)})
 * @param edns        the client's OPT record, or {@code null} when it sent none
 */
public record ParsedQuery(byte[] wire, int id, int flags, String qname, int qtype, int qclass,
                          int questionEnd, EdnsInfo edns) {

    public static final int FLAG_RD = 0x0100;
    public static final int FLAG_AD = 0x0020;
    public static final int FLAG_CD = 0x0010;

    public boolean recursionDesired() {
        return (flags & FLAG_RD) != 0;
    }

    public boolean checkingDisabled() {
        return (flags & FLAG_CD) != 0;
    }

    public boolean dnssecOk() {
        return edns != null && edns.dnssecOk();
    }

    /** Length of the question section in bytes. */
    public int questionLength() {
        return questionEnd - 12;
    }

    /** The question name as dnsjava sees it, with the client's letter case. */
    public Name name() {
        DNSInput in = new DNSInput(wire);
        in.jump(12);
        try {
            return new Name(in);
        } catch (WireParseException e) {
            throw new IllegalStateException("question was validated but no longer parses", e);
        }
    }

    /** The question bytes exactly as the client sent them. */
    public byte[] questionBytes() {
        return Arrays.copyOfRange(wire, 12, questionEnd);
    }

    @Override
    public String toString() {
        return "ParsedQuery[id=" + id + ", " + qname + " " + org.xbill.DNS.Type.string(qtype) + "]";
    }
}
