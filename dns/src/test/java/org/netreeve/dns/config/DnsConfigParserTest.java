package org.netreeve.dns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.dns.upstream.UpstreamProtocol;

class DnsConfigParserTest {

    private final DnsConfigParser parser = new DnsConfigParser();

    @Test
    void emptySectionGivesDefaults() {
        DnsConfig c = parser.parse(Map.of());
        assertEquals(2, c.listen().size());
        assertEquals(53, c.listen().get(0).getPort());
        assertEquals("127.0.0.1", c.listen().get(0).getAddress().getHostAddress());
        assertEquals(UpstreamProtocol.DOT, c.upstreams().get(0).protocol());
        assertNull(c.localUpstreams(), "local resolvers come from resolv.conf by default");
        assertEquals(BlockStyle.NXDOMAIN, c.blockStyle());
    }

    @Test
    void readsEveryKey() {
        Map<String, Object> m = Map.of(
                "listen", List.of("127.0.0.1:5353", "[::1]"),
                "upstreams", "dns://192.0.2.1, dot://192.0.2.2?name=dns.test",
                "local-upstreams", List.of("dns://10.0.0.1"),
                "local-domains", List.of(".Corp.Example."),
                "block-style", "zero-address",
                "cache", Map.of("max-entries", 50, "min-ttl", "30s", "max-ttl", "1h", "negative-max-ttl", 120),
                "memory", Map.of("grace", "10m", "max-entries", "1_000"),
                "timeouts", Map.of("upstream", "500ms", "query", "3s", "retry-failed-after", "1m", "tcp-idle", "5s"),
                "server", Map.of("udp-threads", 3, "resolver-threads", 2, "max-tcp-connections", 8, "edns-udp-size", 4096),
                "tls", Map.of("idle-timeout", "2m", "doh-max-connections", 2));
        DnsConfig c = parser.parse(m);
        assertEquals(5353, c.listen().get(0).getPort());
        assertEquals(53, c.listen().get(1).getPort());
        assertEquals(2, c.upstreams().size());
        assertEquals("dns.test", c.upstreams().get(1).tlsName());
        assertEquals("10.0.0.1", c.localUpstreams().get(0).address().getHostAddress());
        assertEquals(List.of("corp.example"), c.localDomains());
        assertEquals(BlockStyle.ZERO_ADDRESS, c.blockStyle());
        assertEquals(new DnsConfig.Cache(50, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(120)),
                c.cache());
        assertEquals(new DnsConfig.Memory(Duration.ofMinutes(10), 1000), c.memory());
        assertEquals(Duration.ofMillis(500), c.timeouts().upstream());
        assertEquals(new DnsConfig.Server(3, 2, 8, 4096), c.server());
        assertEquals(new DnsConfig.Tls(Duration.ofMinutes(2), 2), c.tls());
        assertTrue(c.systemSearchDomains());
        assertFalse(parser.parse(Map.of("search-domains-from-system", false)).systemSearchDomains());
    }

    @Test
    void badValuesNameTheirKey() {
        assertError(Map.of("cache", Map.of("max-ttl", "forever")), "dns.cache.max-ttl: expected a duration");
        assertError(Map.of("upstreams", List.of("dns://192.0.2.1", "dns://resolver.example")),
                "dns.upstreams[1]: 'dns://resolver.example': dns:// needs an IP address");
        assertError(Map.of("listen", List.of("localhost:53")), "dns.listen[0]: expected an IP address");
        assertError(Map.of("listen", "127.0.0.1:99999"), "dns.listen[0]: expected a port");
        assertError(Map.of("block-style", "silently"), "dns.block-style: expected one of");
        assertError(Map.of("server", Map.of("udp-threads", 0)), "dns.server.udp-threads: expected a number from 1");
        assertError(Map.of("server", Map.of("edns-udp-size", "big")), "dns.server.edns-udp-size: expected a whole number");
        assertError(Map.of("cache", Map.of("min-ttl", "2h", "max-ttl", "1h")), "dns.cache.min-ttl: is larger than");
        assertError(Map.of("timeouts", Map.of("query", "0s")), "dns.timeouts.query: must be longer than zero");
        assertError(Map.of("cache", "big"), "dns.cache: expected a map");
        assertError(Map.of("upstreams", List.of()), "dns.upstreams: at least one upstream");
    }

    @Test
    void unknownKeysAreErrors() {
        assertError(Map.of("upstream", "dns://192.0.2.1"), "dns.upstream: unknown key");
        assertError(Map.of("cache", Map.of("size", 10)), "dns.cache.size: unknown key");
    }

    private void assertError(Map<String, ?> section, String expectedStart) {
        DnsConfigException e = assertThrows(DnsConfigException.class, () -> parser.parse(section));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message was: " + e.getMessage());
    }
}
