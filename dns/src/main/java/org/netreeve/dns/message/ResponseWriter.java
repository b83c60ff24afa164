package org.netreeve.dns.message;

/**
 * Writes responses to one client: its id and question, the answer's records with aged TTLs, and an OPT record
 * when (and only when) the client sent one. When the answer does not fit the client's limit, the additional
 * section is left out first (no TC: it is optional data); if it still does not fit, the response carries only
 * the question with TC set, so the client retries over TCP (RFC 2181 section 9, RFC 6891 section 7).
 *
 * <p>Immutable and thread-safe.
 */
public final class ResponseWriter {

    /** Payload limit for UDP clients without EDNS (RFC 1035). */
    public static final int CLASSIC_UDP_LIMIT = 512;
    /** Payload limit of a TCP message (two-byte length prefix). */
    public static final int TCP_LIMIT = 65535;
    private static final int OPT_FIXED = 11;

    private final int advertisedUdpSize;

    /** @param advertisedUdpSize the UDP payload size Netreeve announces and the most it sends over UDP */
    public ResponseWriter(int advertisedUdpSize) {
        if (advertisedUdpSize < 512 || advertisedUdpSize > 65535) {
            throw new IllegalArgumentException("EDNS UDP size must be 512..65535: " + advertisedUdpSize);
        }
        this.advertisedUdpSize = advertisedUdpSize;
    }

    /** The most a UDP response to this query may carry. */
    public int udpLimit(ParsedQuery query) {
        if (query.edns() == null) {
            return CLASSIC_UDP_LIMIT;
        }
        return Math.max(CLASSIC_UDP_LIMIT, Math.min(query.edns().udpSize(), advertisedUdpSize));
    }

    /**
     * Renders {@code template} for {@code query}, TTLs reduced by {@code ageSeconds}, within {@code limit} bytes.
     */
    public byte[] render(ParsedQuery query, AnswerTemplate template, long ageSeconds, int limit) {
        int qLen = query.questionLength();
        if (qLen != template.questionLength) {
            throw new IllegalArgumentException("answer was rendered for a question of " + template.questionLength
                    + " bytes, query has " + qLen);
        }
        boolean opt = query.edns() != null;
        int optLength = opt ? OPT_FIXED + template.optOptions.length : 0;
        int full = 12 + qLen + template.body.length + optLength;
        int bodyLength;
        int arCount;
        int anCount = template.answerCount;
        int nsCount = template.authorityCount;
        boolean truncated = false;
        if (full <= limit) {
            bodyLength = template.body.length;
            arCount = template.additionalCount;
        } else if (12 + qLen + template.additionalOffset + optLength <= limit) {
            bodyLength = template.additionalOffset;
            arCount = 0;
        } else {
            bodyLength = 0;
            arCount = 0;
            anCount = 0;
            nsCount = 0;
            truncated = true;
        }
        if (opt) {
            arCount++;
        }
        byte[] out = new byte[12 + qLen + bodyLength + (truncated ? (opt ? OPT_FIXED : 0) : optLength)];
        int flags = 0x8000 | 0x0080 | (query.flags() & (ParsedQuery.FLAG_RD | ParsedQuery.FLAG_CD))
                | (template.rcode & 0xf);
        if (truncated) {
            flags |= 0x0200;
        }
        if (template.authenticData && (query.dnssecOk() || (query.flags() & ParsedQuery.FLAG_AD) != 0)) {
            flags |= ParsedQuery.FLAG_AD;
        }
        putU16(out, 0, query.id());
        putU16(out, 2, flags);
        putU16(out, 4, 1);
        putU16(out, 6, anCount);
        putU16(out, 8, nsCount);
        putU16(out, 10, arCount);
        System.arraycopy(query.wire(), 12, out, 12, qLen);
        int bodyStart = 12 + qLen;
        if (bodyLength > 0) {
            System.arraycopy(template.body, 0, out, bodyStart, bodyLength);
            int[] offsets = template.ttlOffsets;
            long[] ttls = template.ttls;
            for (int i = 0; i < offsets.length && offsets[i] < bodyLength; i++) {
                long ttl = ttls[i] - ageSeconds;
                putU32(out, bodyStart + offsets[i], ttl < 0 ? 0 : ttl);
            }
        }
        if (opt) {
            writeOpt(out, bodyStart + bodyLength, 0, query.dnssecOk(), truncated ? new byte[0] : template.optOptions);
        }
        return out;
    }

    /**
     * An error response (FORMERR, NOTIMP, BADVERS, SERVFAIL) for a message whose header was readable.
     * The question is echoed when known; BADVERS carries its extended code in an OPT record.
     */
    public byte[] error(int id, int queryFlags, byte[] question, int rcode) {
        boolean badvers = rcode > 15;
        int qLen = question == null ? 0 : question.length;
        byte[] out = new byte[12 + qLen + (badvers ? OPT_FIXED : 0)];
        putU16(out, 0, id);
        int flags = 0x8000 | 0x0080 | (queryFlags & (0x7800 | ParsedQuery.FLAG_RD | ParsedQuery.FLAG_CD))
                | (rcode & 0xf);
        putU16(out, 2, flags);
        putU16(out, 4, question == null ? 0 : 1);
        putU16(out, 10, badvers ? 1 : 0);
        if (question != null) {
            System.arraycopy(question, 0, out, 12, qLen);
        }
        if (badvers) {
            writeOpt(out, 12 + qLen, rcode >> 4, false, new byte[0]);
        }
        return out;
    }

    private void writeOpt(byte[] out, int pos, int extendedRcode, boolean dnssecOk, byte[] options) {
        out[pos] = 0;
        putU16(out, pos + 1, 41);
        putU16(out, pos + 3, advertisedUdpSize);
        out[pos + 5] = (byte) extendedRcode;
        out[pos + 6] = 0;
        putU16(out, pos + 7, dnssecOk ? 0x8000 : 0);
        putU16(out, pos + 9, options.length);
        System.arraycopy(options, 0, out, pos + 11, options.length);
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    private static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
