package org.netreeve.dns.upstream;

import java.io.IOException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** Checks that a message is the response to a query: same id, QR set, same question. */
final class ResponseCheck {

    private ResponseCheck() {
    }

    /** The parsed response, or {@code null} when it does not belong to {@code query} (it is then dropped). */
    static Message accept(byte[] wire, int length, Message query) {
        if (length < 12) {
            return null;
        }
        int id = ((wire[0] & 0xff) << 8) | (wire[1] & 0xff);
        if (id != query.getHeader().getID() || (wire[2] & 0x80) == 0) {
            return null;
        }
        Message response;
        try {
            response = new Message(length == wire.length ? wire : java.util.Arrays.copyOf(wire, length));
        } catch (IOException e) {
            return null;
        }
        return matches(query, response) ? response : null;
    }

    static boolean matches(Message query, Message response) {
        if (!response.getHeader().getFlag(Flags.QR) || response.getHeader().getID() != query.getHeader().getID()) {
            return false;
        }
        Record q = query.getQuestion();
        Record r = response.getQuestion();
        if (r == null) {
            // Some servers omit the question in FORMERR/NOTIMP answers; those carry no data to poison anything.
            return response.getHeader().getRcode() != 0 && response.getSection(1).isEmpty();
        }
        return q.getName().equals(r.getName()) && q.getType() == r.getType() && q.getDClass() == r.getDClass();
    }
}
