/**
 * /proc as a source of socket owners: which process holds a socket inode (the scan of
 * /proc/PID/fd that attribution and "port in use" messages share) and the file calls it needs.
 */
package org.netreeve.net.proc;
