/**
 * Reading processes from /proc: which process holds a socket inode, and what that process is
 * (executable, command line, user, parents, cgroup and container), with the caches that keep
 * this cheap.
 */
package org.netreeve.process.proc;
