/**
 * Socket lookup through the kernel's NETLINK_SOCK_DIAG interface (inet_diag): from a connection's
 * addresses and ports to the owning socket's inode and uid, without reading /proc/net.
 */
package org.netreeve.process.diag;
