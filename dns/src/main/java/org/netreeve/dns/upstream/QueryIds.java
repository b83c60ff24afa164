package org.netreeve.dns.upstream;

import java.security.SecureRandom;

/** Unpredictable message ids for upstream queries (they are half of what stops off-path spoofing). */
final class QueryIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private QueryIds() {
    }

    static int next() {
        synchronized (RANDOM) {
            return RANDOM.nextInt(0x10000);
        }
    }
}
