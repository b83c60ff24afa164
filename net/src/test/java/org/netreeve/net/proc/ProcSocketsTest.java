package org.netreeve.net.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netreeve.net.IpProtocol;
import org.netreeve.net.address.IpLiteral;

class ProcSocketsTest {

    @Test
    void decodesKernelHexAddresses() throws Exception {
        assertEquals(IpLiteral.parseOrNull("127.0.0.1"), ProcSockets.decode("0100007F"));
        assertEquals(IpLiteral.parseOrNull("::1"), ProcSockets.decode("00000000000000000000000001000000"));
    }

    @Test
    void findsInodesOfMatchingSockets() {
        List<String> udp = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
                "  1: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0 0",
                "  2: 00000000:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 777 2 0 0",
                "  3: 0200007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 999 2 0 0");
        InetSocketAddress wanted = new InetSocketAddress(IpLiteral.parseOrNull("127.0.0.1"), 53);
        assertEquals(Set.of(4242L), ProcSockets.boundInodes(udp, IpProtocol.UDP, wanted));
        InetSocketAddress wildcardPort = new InetSocketAddress(IpLiteral.parseOrNull("127.0.0.1"), 8080);
        assertEquals(Set.of(777L), ProcSockets.boundInodes(udp, IpProtocol.UDP, wildcardPort),
                "a socket on 0.0.0.0 holds the port on every address");
    }

    @Test
    void tcpCountsOnlyListeningSockets() {
        List<String> tcp = List.of(
                "  0: 0100007F:0035 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0",
                "  1: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0");
        assertEquals(Set.of(2L), ProcSockets.boundInodes(tcp, IpProtocol.TCP,
                new InetSocketAddress(IpLiteral.parseOrNull("127.0.0.1"), 53)));
    }
}
