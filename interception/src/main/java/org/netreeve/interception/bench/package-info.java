/**
 * A minimal accept-all consumer of the four queues, used by the benchmark script to measure the
 * nfqueue client's own ceiling without any decision logic.
 */
package org.netreeve.interception.bench;
