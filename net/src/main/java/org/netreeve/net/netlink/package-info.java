/**
 * The product's one netlink socket layer (over the C library binding in {@code net.libc}) and the
 * message and attribute layouts that nfqueue, conntrack and sock_diag share; it allocates nothing
 * per message once buffers are set up.
 */
package org.netreeve.net.netlink;
