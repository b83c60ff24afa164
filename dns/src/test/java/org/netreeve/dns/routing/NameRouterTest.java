package org.netreeve.dns.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.net.address.IpLiteral;

class NameRouterTest {

    private final NameRouter router = new NameRouter(List.of("corp.example"));

    @Test
    void specialUseNamesGoToLocalResolvers() {
        for (String n : List.of("printer.local", "nas.lan", "router.home.arpa", "db.internal", "x.corp.example",
                "corp.example", "5.1.168.192.in-addr.arpa", "1.0.0.10.in-addr.arpa", "9.9.20.172.in-addr.arpa",
                "1.1.254.169.in-addr.arpa", "1.0.64.100.in-addr.arpa",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa",
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa")) {
            assertEquals(Route.LOCAL, router.route(n), n);
        }
    }

    @Test
    void publicNamesAndRangesGoToTheInternet() {
        for (String n : List.of("www.example.com", "local.example.com", "lanparty.example", "1.0.32.172.in-addr.arpa",
                "8.8.8.8.in-addr.arpa", "example.corp.example.org", "")) {
            assertEquals(Route.INTERNET, router.route(n), n);
        }
    }

    @Test
    void localhostAndCanaryAreAnsweredByNetreeve() {
        assertEquals(Route.LOCALHOST, router.route("localhost"));
        assertEquals(Route.LOCALHOST, router.route("app.localhost"));
        assertEquals(Route.CANARY, router.route("use-application-dns.net"));
        assertEquals(Route.CANARY, router.route("x.use-application-dns.net"));
    }

    @Test
    void readsResolvConf() {
        ResolvConf c = ResolvConf.parse("# comment\nnameserver 192.168.1.1\nnameserver fe80::1%eth0\n"
                + "nameserver not-an-ip\nsearch Home.Example. corp.test\ndomain lan.test ; trailing\noptions ndots:2\n");
        assertEquals(List.of(IpLiteral.parseOrNull("192.168.1.1"), IpLiteral.parseOrNull("fe80::1%eth0")), c.nameservers());
        assertEquals(List.of("home.example", "corp.test", "lan.test"), c.searchDomains());
    }
}
