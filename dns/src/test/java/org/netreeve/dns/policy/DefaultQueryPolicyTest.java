package org.netreeve.dns.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netreeve.dns.upstream.IpLiteral;

class DefaultQueryPolicyTest {

    private final DefaultQueryPolicy policy = new DefaultQueryPolicy();
    private final QueryContext ctx = new QueryContext(null, null, Transport.UDP, "app.example", 1, 7, null);

    @Test
    void allowsEverythingBeforeResolving() {
        assertInstanceOf(BeforeResolveDecision.Allow.class, policy.beforeResolve(ctx));
    }

    @Test
    void globalResolverAnsweringOnlyLanAddressesIsBlocked() {
        AfterResolveDecision d = policy.afterResolve(ctx, answer(ResolverScope.GLOBAL, "192.168.1.10"));
        assertInstanceOf(AfterResolveDecision.Block.class, d);
        assertTrue(d.reason().contains("rebinding"));
    }

    @Test
    void globalResolverLosesLanAndLocalhostButKeepsGlobalAddresses() {
        AfterResolveDecision d = policy.afterResolve(ctx,
                answer(ResolverScope.GLOBAL, "192.0.2.1", "10.0.0.5", "127.0.0.1", "fd00::1", "2001:db8::1"));
        AfterResolveDecision.AllowOnly only = assertInstanceOf(AfterResolveDecision.AllowOnly.class, d);
        assertEquals(Set.of(ip("192.0.2.1"), ip("2001:db8::1")), only.keep());
    }

    @Test
    void localResolverMayAnswerLanButNotLocalhost() {
        assertInstanceOf(AfterResolveDecision.Allow.class,
                policy.afterResolve(ctx, answer(ResolverScope.LOCAL, "192.168.1.10", "fe80::1")));
        assertInstanceOf(AfterResolveDecision.Block.class,
                policy.afterResolve(ctx, answer(ResolverScope.LOCAL, "127.0.0.1")));
        assertInstanceOf(AfterResolveDecision.Block.class,
                policy.afterResolve(ctx, answer(ResolverScope.LOCAL, "::1")));
    }

    @Test
    void internalAnswersAreExempt() {
        assertInstanceOf(AfterResolveDecision.Allow.class,
                policy.afterResolve(ctx, answer(ResolverScope.INTERNAL, "127.0.0.1")));
    }

    @Test
    void classifiesScopes() {
        assertEquals(AddressScope.LOCALHOST, AddressScope.of(ip("0.0.0.0")));
        assertEquals(AddressScope.LAN, AddressScope.of(ip("172.31.255.1")));
        assertEquals(AddressScope.GLOBAL, AddressScope.of(ip("172.32.0.1")));
        assertEquals(AddressScope.LAN, AddressScope.of(ip("100.64.0.1")));
        assertEquals(AddressScope.LAN, AddressScope.of(ip("169.254.1.1")));
        assertEquals(AddressScope.MULTICAST, AddressScope.of(ip("ff02::1")));
        assertEquals(AddressScope.LOCALHOST, AddressScope.of(ip("::")));
        assertEquals(AddressScope.LAN, AddressScope.of(ip("::ffff:10.1.2.3")));
    }

    private static ResolvedAnswer answer(ResolverScope scope, String... ips) {
        List<ResolvedAddress> a = Arrays.stream(ips).map(s -> new ResolvedAddress(ip(s), 60)).toList();
        return new ResolvedAnswer("app.example", 1, 0, List.of(), a, new ResolverInfo("dns://x", scope), false);
    }

    private static InetAddress ip(String s) {
        return IpLiteral.parse(s);
    }
}
