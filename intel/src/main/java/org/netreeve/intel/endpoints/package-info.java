/**
 * Endpoint lists: ordered permit/deny rules such as {@code + *.example.com TCP/443}, parsed once into
 * cheap matchers and evaluated first-match-wins against a connection's domain, address, port and intel.
 */
package org.netreeve.intel.endpoints;
