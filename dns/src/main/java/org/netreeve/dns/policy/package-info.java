/**
 * The decision hooks of the nameserver: what a query looks like to the firewall before and after it is resolved,
 * the answers a policy can give, and a built-in policy with rebinding protection for standalone use.
 */
package org.netreeve.dns.policy;
