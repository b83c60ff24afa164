package org.netreeve.dns.message;

/**
 * A message that is not a query the server can answer. When the header was readable the server answers with
 * {@link #rcode()} (the question echoed when it parsed); otherwise the message is dropped.
 */
public final class MalformedQueryException extends Exception {

    /** Response code for an answer: FORMERR. */
    public static final int FORMERR = 1;
    /** Response code for an answer: NOTIMP. */
    public static final int NOTIMP = 4;
    /** Extended response code: BADVERS (RFC 6891). */
    public static final int BADVERS = 16;

    private final boolean answerable;
    private final int id;
    private final int flags;
    private final byte[] question;
    private final int rcode;

    private MalformedQueryException(String reason, boolean answerable, int id, int flags, byte[] question, int rcode) {
        super(reason, null, false, false);
        this.answerable = answerable;
        this.id = id;
        this.flags = flags;
        this.question = question;
        this.rcode = rcode;
    }

    static MalformedQueryException drop(String reason) {
        return new MalformedQueryException(reason, false, -1, 0, null, 0);
    }

    static MalformedQueryException answer(String reason, int id, int flags, byte[] question, int rcode) {
        return new MalformedQueryException(reason, true, id, flags, question, rcode);
    }

    /** Whether the header was readable, so the client gets an error response. */
    public boolean answerable() {
        return answerable;
    }

    public int id() {
        return id;
    }

    /** The flags word of the offending message (its RD bit is echoed). */
    public int flags() {
        return flags;
    }

    /** The question bytes to echo, or {@code null} when the question did not parse. */
    public byte[] question() {
        return question == null ? null : question.clone();
    }

    /** FORMERR, NOTIMP or BADVERS. */
    public int rcode() {
        return rcode;
    }
}
