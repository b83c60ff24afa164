package org.netreeve.net.netlink;

import java.nio.ByteBuffer;

/**
 * What a netlink client needs from its socket: send a datagram, receive one, close. The nfqueue
 * client depends on this rather than on {@link NetlinkSocket} so that its dispatch can be tested
 * with recorded datagrams. Thread rules are those of {@link NetlinkSocket}.
 */
public interface NetlinkChannel extends AutoCloseable {
    /** Sends the first {@code length} bytes of a direct buffer as one datagram to the kernel. */
    void send(ByteBuffer buffer, int length) throws NetlinkException;

    /**
     * Receives one datagram at offset 0; returns its length, or {@code -EAGAIN}, {@code -EINTR} or
     * {@code -ENOBUFS}.
     */
    int receive(ByteBuffer buffer, boolean dontWait) throws NetlinkException;

    @Override
    void close();

    /**
     * Sends a request that asks for an acknowledgement (NLM_F_ACK with {@code sequence}) and waits
     * for it, skipping unrelated messages (e.g. queued packets) that arrive in between.
     *
     * @throws NetlinkException with the errno of a negative acknowledgement, or EAGAIN if none came
     *     within the receive timeout
     */
    default void request(ByteBuffer request, int length, int sequence, ByteBuffer scratch, String what)
            throws NetlinkException {
        send(request, length);
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int received = receive(scratch, false);
            if (received == -Errno.EAGAIN) {
                throw new NetlinkException(what + ": no acknowledgement from the kernel", Errno.EAGAIN);
            }
            if (received < 0) {
                continue;
            }
            int offset = 0;
            while (offset + NetlinkMessages.HEADER_LENGTH <= received) {
                int messageLength = NetlinkMessages.length(scratch, offset);
                if (messageLength < NetlinkMessages.HEADER_LENGTH || offset + messageLength > received) {
                    break;
                }
                if (NetlinkMessages.type(scratch, offset) == NetlinkMessages.NLMSG_ERROR
                        && NetlinkMessages.sequence(scratch, offset) == sequence) {
                    int error = NetlinkMessages.errorCode(scratch, offset);
                    if (error != 0) {
                        throw new NetlinkException(what, -error);
                    }
                    return;
                }
                offset += NetlinkMessages.align(messageLength);
            }
        }
        throw new NetlinkException(what + ": acknowledgement lost among other messages", Errno.EAGAIN);
    }
}
