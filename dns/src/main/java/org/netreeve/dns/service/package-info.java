/**
 * The DNS module as the daemon sees it: one object that builds, starts and stops the nameserver and serves
 * {@code netreeve dns query}, {@code dns cache} and {@code dns flush}, plus the memory for the connection stages.
 */
package org.netreeve.dns.service;
