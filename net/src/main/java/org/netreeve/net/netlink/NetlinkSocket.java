package org.netreeve.net.netlink;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.netreeve.net.libc.LibC;

/**
 * A raw netlink socket talking to the kernel (port id 0).
 *
 * <p>Thread rules: {@link #receive} is called by one thread at a time (the owner's receive loop);
 * {@link #send} may be called from several threads at once as long as each passes its own buffer,
 * because each {@code sendto} hands one whole datagram to the kernel. {@link #close} must only be
 * called once no thread is inside {@link #receive}; owners bound the wait with a receive timeout.
 * All buffers must be direct, since JNA passes their address to libc without copying.
 */
public final class NetlinkSocket implements NetlinkChannel {
    /** Netlink protocol number of the netfilter subsystems (nfqueue, conntrack). */
    public static final int NETLINK_NETFILTER = 12;
    /** Netlink protocol number of socket diagnostics (sock_diag). */
    public static final int NETLINK_SOCK_DIAG = 4;

    private static final int SOCKADDR_NL_LENGTH = 12;

    private final int fd;
    private final int protocol;
    /** Destination address of every send: the kernel, port id 0. Read-only after construction. */
    private final ByteBuffer kernelAddress;
    private volatile boolean closed;

    private NetlinkSocket(int fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
        this.kernelAddress = sockaddrNl(0);
    }

    /** Opens a netlink socket of the given protocol (e.g. {@link #NETLINK_NETFILTER}) and binds it. */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new NetlinkException("socket(AF_NETLINK, SOCK_RAW, " + protocol + ")", Native.getLastError());
        }
        NetlinkSocket socket = new NetlinkSocket(fd, protocol);
        if (LibC.bind(fd, sockaddrNl(0), SOCKADDR_NL_LENGTH) != 0) {
            int errno = Native.getLastError();
            socket.close();
            throw new NetlinkException("bind(netlink protocol " + protocol + ")", errno);
        }
        return socket;
    }

    private static ByteBuffer sockaddrNl(int groups) {
        ByteBuffer address = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
        address.putShort(0, (short) LibC.AF_NETLINK);
        address.putInt(4, 0);
        address.putInt(8, groups);
        return address;
    }

    /** Allocates a direct buffer in host byte order, the layout netlink headers use. */
    public static ByteBuffer allocateBuffer(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
    }

    /**
     * Sets the socket receive buffer. SO_RCVBUFFORCE (needs CAP_NET_ADMIN) goes past the system's
     * rmem_max; without the capability it falls back to SO_RCVBUF, which the kernel caps silently.
     */
    public void setReceiveBufferSize(int bytes) throws NetlinkException {
        if (setIntOption(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, bytes) == 0) {
            return;
        }
        if (setIntOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF, bytes) != 0) {
            throw new NetlinkException("setsockopt(SO_RCVBUF, " + bytes + ")", Native.getLastError());
        }
    }

    /**
     * Asks the kernel not to report ENOBUFS when it had to drop a message for this socket. Off by
     * default: the nfqueue client counts ENOBUFS to make overload visible.
     */
    public void setNoEnobufs(boolean on) throws NetlinkException {
        if (setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_NO_ENOBUFS, on ? 1 : 0) != 0) {
            throw new NetlinkException("setsockopt(NETLINK_NO_ENOBUFS)", Native.getLastError());
        }
    }

    /** Enables extended acknowledgements so that error replies may carry the kernel's message. */
    public void setExtendedAck(boolean on) throws NetlinkException {
        if (setIntOption(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, on ? 1 : 0) != 0) {
            throw new NetlinkException("setsockopt(NETLINK_EXT_ACK)", Native.getLastError());
        }
    }

    /**
     * Bounds how long {@link #receive} blocks, so that a loop can notice it was asked to stop; a
     * timed-out receive returns {@code -EAGAIN}.
     */
    public void setReceiveTimeout(Duration timeout) throws NetlinkException {
        setTimeout(LibC.SO_RCVTIMEO, "SO_RCVTIMEO", timeout);
    }

    /** Bounds how long {@link #send} may block on a full socket buffer. */
    public void setSendTimeout(Duration timeout) throws NetlinkException {
        setTimeout(LibC.SO_SNDTIMEO, "SO_SNDTIMEO", timeout);
    }

    private void setTimeout(int option, String name, Duration timeout) throws NetlinkException {
        ByteBuffer timeval = allocateBuffer(16);
        // struct timeval on 64-bit Linux: tv_sec and tv_usec, both 64 bits.
        timeval.putLong(0, timeout.toSeconds());
        timeval.putLong(8, timeout.toNanosPart() / 1000L);
        if (LibC.setsockopt(fd, LibC.SOL_SOCKET, option, timeval, 16) != 0) {
            throw new NetlinkException("setsockopt(" + name + ")", Native.getLastError());
        }
    }

    private int setIntOption(int level, int name, int value) {
        ByteBuffer option = allocateBuffer(4);
        option.putInt(0, value);
        return LibC.setsockopt(fd, level, name, option, 4);
    }

    /**
     * Sends the first {@code length} bytes of a direct buffer as one datagram to the kernel.
     * Retries on EINTR.
     */
    @Override
    public void send(ByteBuffer buffer, int length) throws NetlinkException {
        ensureDirect(buffer);
        while (true) {
            long sent = LibC.sendto(fd, buffer, length, 0, kernelAddress, SOCKADDR_NL_LENGTH);
            if (sent >= 0) {
                return;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EINTR) {
                throw new NetlinkException("sendto(netlink)", errno);
            }
        }
    }

    /**
     * Receives one datagram into a direct buffer, starting at offset 0.
     *
     * @param dontWait return at once with {@code -EAGAIN} when nothing is queued
     * @return the datagram length, or a negative errno for the conditions a loop handles itself:
     *     {@code -EAGAIN} (timeout or nothing queued), {@code -EINTR}, and {@code -ENOBUFS} (the
     *     kernel dropped messages for this socket because its buffer was full)
     * @throws NetlinkException for any other error
     */
    @Override
    public int receive(ByteBuffer buffer, boolean dontWait) throws NetlinkException {
        long received = LibC.recv(fd, buffer, buffer.capacity(), dontWait ? LibC.MSG_DONTWAIT : 0);
        if (received >= 0) {
            return (int) received;
        }
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR || errno == Errno.ENOBUFS) {
            return -errno;
        }
        if (closed) {
            throw new NetlinkException("recv(netlink) on a closed socket", errno);
        }
        throw new NetlinkException("recv(netlink)", errno);
    }

    private static void ensureDirect(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("netlink buffers must be direct");
        }
    }

    /** The netlink protocol this socket speaks. */
    public int protocol() {
        return protocol;
    }

    /** Closes the socket; later calls do nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
