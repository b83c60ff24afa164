/** The one binding of the C library (JNA direct mapping) that netlink and /proc code share. */
package org.netreeve.net.libc;
