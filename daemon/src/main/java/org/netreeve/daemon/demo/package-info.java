/**
 * {@code netreeve demo}: the whole firewall in a throw-away pair of network namespaces, with the
 * example policy, a small "internet" of servers, and real programs whose traffic shows the
 * verdicts.
 */
package org.netreeve.daemon.demo;
