package org.netreeve.dns.upstream;

import org.xbill.DNS.Message;

/**
 * A response and who gave it.
 *
 * @param response     the validated response
 * @param upstream     the upstream that answered
 * @param latencyNanos time from sending to the answer at that upstream
 */
public record UpstreamAnswer(Message response, UpstreamSpec upstream, long latencyNanos) {
}
