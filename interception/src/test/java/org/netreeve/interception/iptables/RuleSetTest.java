package org.netreeve.interception.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    @Test
    void ipv4RulesAreTheSeedsInOrder() {
        RuleSet rules = new RuleSet(IpFamily.IPV4, RuleConfig.defaults());
        assertEquals("""
                *mangle
                :C170 - [0:0]
                :C171 - [0:0]
                -A C170 -j CONNMARK --restore-mark
                -A C170 -m mark --mark 0 -j NFQUEUE --queue-num 17040 --queue-bypass
                -A C171 -j CONNMARK --restore-mark
                -A C171 -m mark --mark 0 -j NFQUEUE --queue-num 17140 --queue-bypass
                -I OUTPUT 1 -j C170
                -I INPUT 1 -j C171
                COMMIT
                *filter
                :C17 - [0:0]
                -A C17 -m mark --mark 0 -j DROP
                -A C17 -m mark --mark 1700 -j ACCEPT
                -A C17 -m mark --mark 1701 -j REJECT --reject-with icmp-host-prohibited
                -A C17 -m mark --mark 1702 -j DROP
                -A C17 -j CONNMARK --save-mark
                -A C17 -m mark --mark 1710 -j ACCEPT
                -A C17 -m mark --mark 1711 -j REJECT --reject-with icmp-host-prohibited
                -A C17 -m mark --mark 1712 -j DROP
                -A C17 -m mark --mark 1717 -j ACCEPT
                -I OUTPUT 1 -j C17
                -I INPUT 1 -j C17
                COMMIT
                *nat
                -I OUTPUT 1 -p udp --dport 53 -m mark --mark 1799 -j DNAT --to-destination 127.0.0.1:53
                -I OUTPUT 2 -p tcp --dport 53 -m mark --mark 1799 -j DNAT --to-destination 127.0.0.1:53
                -I OUTPUT 3 -m mark --mark 1717 -p tcp -j DNAT --to-destination 127.0.0.17:1117
                -I OUTPUT 4 -m mark --mark 1717 -p udp -j DNAT --to-destination 127.0.0.17:1117
                -I OUTPUT 5 -m mark --mark 1717 -j DNAT --to-destination 127.0.0.17
                COMMIT
                """, rules.installTransaction());
    }

    @Test
    void ipv6RulesUseIpv6QueuesRejectTypeAndLoopback() {
        RuleSet rules = new RuleSet(IpFamily.IPV6, RuleConfig.defaults());
        String text = rules.installTransaction();
        assertContains(text, "-A C170 -m mark --mark 0 -j NFQUEUE --queue-num 17060 --queue-bypass\n");
        assertContains(text, "-A C171 -m mark --mark 0 -j NFQUEUE --queue-num 17160 --queue-bypass\n");
        assertContains(text, "-A C17 -m mark --mark 1701 -j REJECT --reject-with icmp6-adm-prohibited\n");
        assertContains(text, "-A C17 -m mark --mark 1711 -j REJECT --reject-with icmp6-adm-prohibited\n");
        assertContains(text, "-p udp --dport 53 -m mark --mark 1799 -j DNAT --to-destination [::1]:53\n");
        assertContains(text, "-m mark --mark 1717 -p tcp -j DNAT --to-destination [::1]:1117\n");
        assertContains(text, "-I OUTPUT 5 -m mark --mark 1717 -j DNAT --to-destination ::1\n");
    }

    @Test
    void theNameserverAddressAndPortAreConfigurable() throws Exception {
        RuleConfig config = RuleConfig.defaults().withNameserver(InetAddress.getByName("127.0.0.53"),
                InetAddress.getByName("::1"), 5353);
        String text = new RuleSet(IpFamily.IPV4, config).installTransaction();
        assertContains(text, "-p udp --dport 53 -m mark --mark 1799 -j DNAT --to-destination 127.0.0.53:5353\n");
        assertContains(text, "-p tcp --dport 53 -m mark --mark 1799 -j DNAT --to-destination 127.0.0.53:5353\n");
    }

    @Test
    void aConfigWithAddressesOfTheWrongFamilyIsRefused() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        assertThrows(IllegalArgumentException.class, () -> new RuleConfig(v6, v6, 53, v4, v6, 1117, false));
        assertThrows(IllegalArgumentException.class, () -> new RuleConfig(v4, v4, 53, v4, v6, 1117, false));
        assertThrows(IllegalArgumentException.class, () -> new RuleConfig(v4, v6, 0, v4, v6, 1117, false));
    }

    @Test
    void theRemoveTransactionDeletesRulesBeforeFlushingAndDeletingChains() {
        RuleSet rules = new RuleSet(IpFamily.IPV4, RuleConfig.defaults());
        String text = RuleSet.removeTransaction(List.of(rules.jumps().get(0), rules.natRules().get(0)),
                RuleSet.ownChains());
        assertEquals("""
                *mangle
                -D OUTPUT -j C170
                -F C170
                -F C171
                -X C170
                -X C171
                COMMIT
                *filter
                -F C17
                -X C17
                COMMIT
                *nat
                -D OUTPUT -p udp --dport 53 -m mark --mark 1799 -j DNAT --to-destination 127.0.0.1:53
                COMMIT
                """, text);
    }

    @Test
    void nothingToRemoveGivesAnEmptyTransaction() {
        assertEquals("", RuleSet.removeTransaction(List.of(), List.of()));
    }

    @Test
    void theRelatedIcmpExemptionSitsBetweenRestoreAndQueueOnlyWhenAskedFor() {
        RuleConfig on = RuleConfig.defaults().withAcceptRelatedIcmpErrors(true);
        String v4 = new RuleSet(IpFamily.IPV4, on).installTransaction();
        assertContains(v4, "-A C170 -j CONNMARK --restore-mark\n"
                + "-A C170 -p icmp -m conntrack --ctstate RELATED -j MARK --set-mark 1700\n"
                + "-A C170 -m mark --mark 0 -j NFQUEUE");
        assertContains(v4, "-A C171 -j CONNMARK --restore-mark\n"
                + "-A C171 -p icmp -m conntrack --ctstate RELATED -j MARK --set-mark 1700\n"
                + "-A C171 -m mark --mark 0 -j NFQUEUE");
        assertContains(new RuleSet(IpFamily.IPV6, on).installTransaction(),
                "-A C171 -p ipv6-icmp -m conntrack --ctstate RELATED -j MARK --set-mark 1700\n");
        assertEquals(-1, new RuleSet(IpFamily.IPV4, RuleConfig.defaults()).installTransaction().indexOf("RELATED"));
    }

    private static void assertContains(String text, String expected) {
        if (!text.contains(expected)) {
            throw new AssertionError("expected\n" + expected + "in\n" + text);
        }
    }
}
