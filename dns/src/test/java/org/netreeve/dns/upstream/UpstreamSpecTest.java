package org.netreeve.dns.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netreeve.dns.policy.ResolverScope;

class UpstreamSpecTest {

    @Test
    void plainDnsDefaultsToPort53AndGlobalScope() {
        UpstreamSpec s = UpstreamSpec.parse("dns://192.0.2.53");
        assertEquals(UpstreamProtocol.DNS, s.protocol());
        assertEquals("192.0.2.53", s.address().getHostAddress());
        assertEquals(53, s.port());
        assertEquals(ResolverScope.GLOBAL, s.scope());
    }

    @Test
    void privateAddressIsALocalResolverUnlessOverridden() {
        assertEquals(ResolverScope.LOCAL, UpstreamSpec.parse("dns://192.168.1.1").scope());
        assertEquals(ResolverScope.GLOBAL, UpstreamSpec.parse("dns://192.168.1.1?scope=global").scope());
        assertEquals(ResolverScope.LOCAL, UpstreamSpec.parse("tcp://192.0.2.1:5353?scope=local").scope());
    }

    @Test
    void ipv6WithPort() {
        UpstreamSpec s = UpstreamSpec.parse("tcp://[2001:db8::53]:5300");
        assertEquals(UpstreamProtocol.TCP, s.protocol());
        assertEquals(5300, s.port());
        assertEquals("2001:db8:0:0:0:0:0:53", s.address().getHostAddress());
    }

    @Test
    void dotTakesNameAndCa() {
        UpstreamSpec s = UpstreamSpec.parse("dot://1.1.1.1:853?name=cloudflare-dns.com&ca=/tmp/ca.pem");
        assertEquals(UpstreamProtocol.DOT, s.protocol());
        assertEquals("cloudflare-dns.com", s.tlsName());
        assertEquals(Path.of("/tmp/ca.pem"), s.caFile());
        assertEquals(853, UpstreamSpec.parse("dot://9.9.9.9").port());
        assertNull(UpstreamSpec.parse("dot://9.9.9.9").tlsName());
    }

    @Test
    void dohUsesBootstrapAddressAndHostAsTlsName() {
        UpstreamSpec s = UpstreamSpec.parse("doh://dns.example/dns-query?ip=192.0.2.1");
        assertEquals(UpstreamProtocol.DOH, s.protocol());
        assertEquals("192.0.2.1", s.address().getHostAddress());
        assertEquals("dns.example", s.tlsName());
        assertEquals("/dns-query", s.path());
        assertEquals(443, s.port());
        UpstreamSpec https = UpstreamSpec.parse("https://dns.example:8443/q?ip=192.0.2.2");
        assertEquals(UpstreamProtocol.DOH, https.protocol());
        assertEquals("/q", https.path());
        assertEquals(8443, https.port());
        assertEquals("/dns-query", UpstreamSpec.parse("https://192.0.2.3").path());
    }

    @Test
    void rejectsWhatWouldNeedDnsOrIsMisspelt() {
        assertTrue(error("dns://resolver.example").contains("needs an IP address"));
        assertTrue(error("doh://dns.example/dns-query").contains("bootstrap"));
        assertTrue(error("dot://dns.example:853").contains("needs an IP address"));
        assertTrue(error("ftp://192.0.2.1").contains("scheme must be"));
        assertTrue(error("dns://192.0.2.1?nmae=x").contains("unknown parameter"));
        assertTrue(error("dns://192.0.2.1?name=x").contains("dot and doh only"));
        assertTrue(error("dns://192.0.2.1?scope=lan").contains("scope must be"));
        assertTrue(error("doh://dns.example/?ip=banana").contains("not an IP address"));
        assertTrue(error("dns://999.1.1.1").contains("'999.1.1.1' is not a valid address"));
        assertTrue(error("").contains("empty"));
    }

    private static String error(String url) {
        return assertThrows(IllegalArgumentException.class, () -> UpstreamSpec.parse(url)).getMessage();
    }
}
