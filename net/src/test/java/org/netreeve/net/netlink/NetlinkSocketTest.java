package org.netreeve.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Exercises the libc binding with NETLINK_ROUTE, which any user may open and which changes nothing:
 * a request with an unknown message type must come back as a negative acknowledgement.
 */
class NetlinkSocketTest {
    private static final int NETLINK_ROUTE = 0;

    @Test
    void reportsTheKernelsErrnoForABadRequest() throws Exception {
        try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE)) {
            socket.setReceiveTimeout(Duration.ofSeconds(2));
            MessageBuilder builder = new MessageBuilder(NetlinkSocket.allocateBuffer(64));
            builder.begin(0x7ff0, NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK, 9);
            int length = builder.finish();
            NetlinkException error = assertThrows(NetlinkException.class,
                    () -> socket.request(builder.buffer(), length, 9, NetlinkSocket.allocateBuffer(4096), "probe"));
            assertTrue(error.errno() > 0);
            assertTrue(error.getMessage().startsWith("probe: "), error.getMessage());
        }
    }

    @Test
    void aNonBlockingReceiveOnAnIdleSocketReturnsEagain() throws Exception {
        try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE)) {
            assertEquals(-Errno.EAGAIN, socket.receive(NetlinkSocket.allocateBuffer(128), true));
        }
    }

    @Test
    void aTimedOutReceiveReturnsEagain() throws Exception {
        try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE)) {
            socket.setReceiveTimeout(Duration.ofMillis(20));
            assertEquals(-Errno.EAGAIN, socket.receive(NetlinkSocket.allocateBuffer(128), false));
        }
    }

    @Test
    void anUnknownProtocolNamesTheCall() {
        NetlinkException error = assertThrows(NetlinkException.class, () -> NetlinkSocket.open(999));
        assertTrue(error.getMessage().contains("socket(AF_NETLINK"), error.getMessage());
    }

    @Test
    void heapBuffersAreRefused() throws Exception {
        try (NetlinkSocket socket = NetlinkSocket.open(NETLINK_ROUTE)) {
            assertThrows(IllegalArgumentException.class, () -> socket.send(ByteBuffer.allocate(16), 16));
        }
    }
}
