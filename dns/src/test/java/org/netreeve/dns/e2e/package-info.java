/**
 * End-to-end tests in a network namespace against real DNS servers (unbound, dnsdist, dnsmasq), and the small
 * nameserver main they (and the benchmark) run inside it.
 */
package org.netreeve.dns.e2e;
