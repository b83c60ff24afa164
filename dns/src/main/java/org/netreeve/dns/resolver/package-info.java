/**
 * The path of one query — canary, before-resolve policy, routing, cache or upstream, after-resolve policy,
 * memory — and the service facade the daemon wires up and calls ({@code dns query}, {@code dns cache}, {@code dns flush}).
 */
package org.netreeve.dns.resolver;
