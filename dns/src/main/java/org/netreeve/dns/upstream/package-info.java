/**
 * Upstream resolvers: URL specs, plain UDP with TCP fallback, TCP and DNS over TLS with kept-open pipelined
 * connections, DNS over HTTPS with a bootstrap address, and ordered failover with a health state.
 */
package org.netreeve.dns.upstream;
