package org.netreeve.dns.service;

import org.netreeve.dns.resolver.Resolution;
import org.xbill.DNS.Message;

/**
 * The result of {@code netreeve dns query}: the decisions and the answer as a client would get it.
 *
 * @param resolution the decisions, the resolved answer and the outcome
 * @param response   the response message (over TCP size limits, so never truncated)
 */
public record QueryReport(Resolution resolution, Message response) {

    /** The response in dig-like text. */
    public String responseText() {
        return response.toString();
    }
}
