/**
 * A minimal netlink socket over JNA to libc and the message and attribute layouts that nfqueue and
 * conntrack share; it allocates nothing per message once buffers are set up.
 */
package org.netreeve.net.netlink;
