package org.netreeve.dns.server;

/**
 * A process holding a socket.
 *
 * @param pid        process id
 * @param executable path of its executable ({@code /proc/PID/exe}), or its command name when that is unreadable
 */
public record PortOwner(long pid, String executable) {
}
