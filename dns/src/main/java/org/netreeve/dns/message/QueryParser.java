package org.netreeve.dns.message;

import java.util.Arrays;

/**
 * Strict parser for incoming queries. It reads the message by hand instead of through a general-purpose
 * DNS library because every query passes here (it is the hot path of a cache hit) and because each way a
 * message can be malformed needs its own outcome: dropped when even the header is unreadable, FORMERR with
 * the id (and the question when it parsed) otherwise.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryParser {

    /** Largest query accepted; real queries are a few hundred bytes at most. */
    public static final int MAX_QUERY_SIZE = 4096;
    private static final int HEADER = 12;
    private static final int MAX_NAME_WIRE = 255;
    private static final int MAX_POINTER_HOPS = 64;
    private static final int TYPE_OPT = 41;

    private QueryParser() {
    }

    /** Parses {@code wire[0, length)}. */
    public static ParsedQuery parse(byte[] wire, int length) throws MalformedQueryException {
        if (length < HEADER) {
            throw MalformedQueryException.drop("message of " + length + " bytes is shorter than a DNS header");
        }
        int id = u16(wire, 0);
        int flags = u16(wire, 2);
        if ((flags & 0x8000) != 0) {
            throw MalformedQueryException.drop("message " + id + " is a response, not a query");
        }
        if (length > MAX_QUERY_SIZE) {
            throw MalformedQueryException.answer("query of " + length + " bytes exceeds " + MAX_QUERY_SIZE,
                    id, flags, null, MalformedQueryException.FORMERR);
        }
        int opcode = (flags >> 11) & 0xf;
        int qd = u16(wire, 4);
        int an = u16(wire, 6);
        int ns = u16(wire, 8);
        int ar = u16(wire, 10);
        if (qd != 1) {
            throw MalformedQueryException.answer("expected 1 question, header says " + qd,
                    id, flags, null, opcode == 0 ? MalformedQueryException.FORMERR : MalformedQueryException.NOTIMP);
        }
        StringBuilder name = new StringBuilder(64);
        int pos;
        try {
            pos = readQuestionName(wire, HEADER, length, name);
        } catch (NameException e) {
            throw MalformedQueryException.answer("question name: " + e.getMessage(), id, flags, null,
                    MalformedQueryException.FORMERR);
        }
        if (pos + 4 > length) {
            throw MalformedQueryException.answer("question type and class run past the end of the message",
                    id, flags, null, MalformedQueryException.FORMERR);
        }
        int qtype = u16(wire, pos);
        int qclass = u16(wire, pos + 2);
        int questionEnd = pos + 4;
        byte[] question = Arrays.copyOfRange(wire, HEADER, questionEnd);
        if (opcode != 0) {
            throw MalformedQueryException.answer("opcode " + opcode + " is not supported", id, flags, question,
                    MalformedQueryException.NOTIMP);
        }
        if (an != 0 || ns != 0) {
            throw MalformedQueryException.answer("a query with " + an + " answer and " + ns + " authority records",
                    id, flags, question, MalformedQueryException.FORMERR);
        }
        pos = questionEnd;
        EdnsInfo edns = null;
        for (int i = 0; i < ar; i++) {
            int start = pos;
            boolean rootOwner;
            try {
                rootOwner = pos < length && wire[pos] == 0;
                pos = skipName(wire, pos, length);
            } catch (NameException e) {
                throw MalformedQueryException.answer("additional record " + (i + 1) + ": " + e.getMessage(),
                        id, flags, question, MalformedQueryException.FORMERR);
            }
            if (pos + 10 > length) {
                throw MalformedQueryException.answer("additional record " + (i + 1)
                        + " runs past the end of the message (counts do not match)", id, flags, question,
                        MalformedQueryException.FORMERR);
            }
            int type = u16(wire, pos);
            int rrClass = u16(wire, pos + 2);
            long ttl = u32(wire, pos + 4);
            int rdLength = u16(wire, pos + 8);
            pos += 10;
            if (pos + rdLength > length) {
                throw MalformedQueryException.answer("additional record " + (i + 1) + " data of " + rdLength
                        + " bytes runs past the end of the message", id, flags, question,
                        MalformedQueryException.FORMERR);
            }
            if (type == TYPE_OPT) {
                if (edns != null) {
                    throw MalformedQueryException.answer("more than one OPT record", id, flags, question,
                            MalformedQueryException.FORMERR);
                }
                if (!rootOwner || pos - 10 - start != 1) {
                    throw MalformedQueryException.answer("OPT record owner is not the root", id, flags, question,
                            MalformedQueryException.FORMERR);
                }
                checkOptions(wire, pos, rdLength, id, flags, question);
                int version = (int) ((ttl >> 16) & 0xff);
                edns = new EdnsInfo(Math.max(512, rrClass), version, (ttl & 0x8000) != 0);
            }
            pos += rdLength;
        }
        if (pos != length) {
            throw MalformedQueryException.answer((length - pos) + " bytes after the last record (counts do not match)",
                    id, flags, question, MalformedQueryException.FORMERR);
        }
        if (edns != null && edns.version() != 0) {
            throw MalformedQueryException.answer("EDNS version " + edns.version() + " is not supported",
                    id, flags, question, MalformedQueryException.BADVERS);
        }
        byte[] copy = length == wire.length ? wire : Arrays.copyOf(wire, length);
        return new ParsedQuery(copy, id, flags, name.toString(), qtype, qclass, questionEnd, edns);
    }

    private static void checkOptions(byte[] wire, int pos, int rdLength, int id, int flags, byte[] question)
            throws MalformedQueryException {
        int end = pos + rdLength;
        while (pos < end) {
            if (pos + 4 > end) {
                throw MalformedQueryException.answer("truncated EDNS option header", id, flags, question,
                        MalformedQueryException.FORMERR);
            }
            int optLength = u16(wire, pos + 2);
            pos += 4 + optLength;
            if (pos > end) {
                throw MalformedQueryException.answer("EDNS option runs past its record", id, flags, question,
                        MalformedQueryException.FORMERR);
            }
        }
    }

    /** Reads the uncompressed question name, appending its lower-case presentation form (no trailing dot). */
    private static int readQuestionName(byte[] wire, int pos, int length, StringBuilder out) throws NameException {
        int wireLength = 0;
        while (true) {
            if (pos >= length) {
                throw new NameException("runs past the end of the message");
            }
            int len = wire[pos] & 0xff;
            if ((len & 0xc0) == 0xc0) {
                // The question is the first name in the message: a pointer could only lead back into the header.
                throw new NameException("compression pointer where no earlier name exists");
            }
            if ((len & 0xc0) != 0) {
                throw new NameException("label type 0x" + Integer.toHexString(len & 0xc0) + " is not supported");
            }
            wireLength += len + 1;
            if (wireLength > MAX_NAME_WIRE) {
                throw new NameException("longer than 255 bytes");
            }
            pos++;
            if (len == 0) {
                return pos;
            }
            if (pos + len > length) {
                throw new NameException("label runs past the end of the message");
            }
            if (out.length() > 0) {
                out.append('.');
            }
            for (int i = 0; i < len; i++) {
                appendLower(out, wire[pos + i] & 0xff);
            }
            pos += len;
        }
    }

    /** Presentation escaping as in RFC 1035 zone files, with letters folded to lower case. */
    private static void appendLower(StringBuilder out, int b) {
        if (b >= 'A' && b <= 'Z') {
            out.append((char) (b + 32));
        } else if (b <= 0x20 || b >= 0x7f) {
            out.append('\\');
            if (b < 100) {
                out.append('0');
            }
            if (b < 10) {
                out.append('0');
            }
            out.append(b);
        } else if (b == '.' || b == '\\' || b == '(' || b == ')' || b == ';' || b == '@' || b == '"' || b == '$') {
            out.append('\\').append((char) b);
        } else {
            out.append((char) b);
        }
    }

    /**
     * Skips a possibly compressed name. Pointers must point strictly backwards to an earlier position
     * after the header, which rules out loops; the hop limit and total length bound the work anyway.
     */
    static int skipName(byte[] wire, int pos, int length) throws NameException {
        int end = -1;
        int hops = 0;
        int wireLength = 0;
        int lowestSeen = pos;
        while (true) {
            if (pos >= length) {
                throw new NameException("runs past the end of the message");
            }
            int len = wire[pos] & 0xff;
            if ((len & 0xc0) == 0xc0) {
                if (pos + 1 >= length) {
                    throw new NameException("compression pointer runs past the end of the message");
                }
                int target = ((len & 0x3f) << 8) | (wire[pos + 1] & 0xff);
                if (end < 0) {
                    end = pos + 2;
                }
                if (target >= lowestSeen || target < HEADER) {
                    throw new NameException("compression pointer to offset " + target + " does not point backwards"
                            + " (a compression loop)");
                }
                if (++hops > MAX_POINTER_HOPS) {
                    throw new NameException("too many compression pointers");
                }
                pos = target;
                lowestSeen = target;
                continue;
            }
            if ((len & 0xc0) != 0) {
                throw new NameException("label type 0x" + Integer.toHexString(len & 0xc0) + " is not supported");
            }
            wireLength += len + 1;
            if (wireLength > MAX_NAME_WIRE) {
                throw new NameException("longer than 255 bytes");
            }
            if (pos + 1 + len > length) {
                throw new NameException("label runs past the end of the message");
            }
            if (len == 0) {
                return end >= 0 ? end : pos + 1;
            }
            pos += 1 + len;
        }
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }

    /** A name that cannot be read; the message names where. */
    static final class NameException extends Exception {
        NameException(String message) {
            super(message, null, false, false);
        }
    }
}
