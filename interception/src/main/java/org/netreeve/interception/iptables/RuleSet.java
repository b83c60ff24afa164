package org.netreeve.interception.iptables;

import java.util.ArrayList;
import java.util.List;
import org.netreeve.net.Verdict;

/**
 * The exact rules of the kernel integration for one address family, and the iptables-restore
 * transactions that install and remove them. Pure text generation; nothing here runs a command.
 *
 * <p>Own chains: mangle C170 (OUTPUT) and C171 (INPUT) restore the connection mark and queue
 * packets still unmarked; filter C17 turns marks into ACCEPT/REJECT/DROP and saves permanent marks
 * (the CONNMARK --save-mark sits after the 170x rules so that only 171x marks, and the reroute marks,
 * are saved). Main chains: the four jumps and the nat reroutes, each inserted at the top in order.
 */
public final class RuleSet {
    public static final String OUTBOUND_CHAIN = "C170";
    public static final String INBOUND_CHAIN = "C171";
    public static final String FILTER_CHAIN = "C17";

    private final IpFamily family;
    private final List<Rule> chainRules;
    private final List<Rule> jumps;
    private final List<Rule> natRules;

    public RuleSet(IpFamily family, RuleConfig config) {
        this.family = family;
        this.chainRules = buildChainRules(family, config.acceptRelatedIcmpErrors());
        this.jumps = List.of(
                new Rule("mangle", "OUTPUT", "-j " + OUTBOUND_CHAIN),
                new Rule("mangle", "INPUT", "-j " + INBOUND_CHAIN),
                new Rule("filter", "OUTPUT", "-j " + FILTER_CHAIN),
                new Rule("filter", "INPUT", "-j " + FILTER_CHAIN));
        this.natRules = buildNatRules(family, config);
    }

    private static List<Rule> buildChainRules(IpFamily family, boolean acceptRelatedIcmpErrors) {
        List<Rule> rules = new ArrayList<>();
        String relatedIcmp = "-p " + (family == IpFamily.IPV4 ? "icmp" : "ipv6-icmp")
                + " -m conntrack --ctstate RELATED -j MARK --set-mark " + Verdict.ACCEPT.mark();
        rules.add(new Rule("mangle", OUTBOUND_CHAIN, "-j CONNMARK --restore-mark"));
        if (acceptRelatedIcmpErrors) {
            rules.add(new Rule("mangle", OUTBOUND_CHAIN, relatedIcmp));
        }
        rules.add(new Rule("mangle", OUTBOUND_CHAIN,
                "-m mark --mark 0 -j NFQUEUE --queue-num " + family.outboundQueue() + " --queue-bypass"));
        rules.add(new Rule("mangle", INBOUND_CHAIN, "-j CONNMARK --restore-mark"));
        if (acceptRelatedIcmpErrors) {
            rules.add(new Rule("mangle", INBOUND_CHAIN, relatedIcmp));
        }
        rules.add(new Rule("mangle", INBOUND_CHAIN,
                "-m mark --mark 0 -j NFQUEUE --queue-num " + family.inboundQueue() + " --queue-bypass"));
        rules.add(filter("-m mark --mark 0 -j DROP"));
        rules.add(filter(mark(Verdict.ACCEPT) + " -j ACCEPT"));
        rules.add(filter(mark(Verdict.BLOCK) + " -j REJECT --reject-with " + family.rejectWith()));
        rules.add(filter(mark(Verdict.DROP) + " -j DROP"));
        rules.add(filter("-j CONNMARK --save-mark"));
        rules.add(filter(mark(Verdict.PERMANENT_ACCEPT) + " -j ACCEPT"));
        rules.add(filter(mark(Verdict.PERMANENT_BLOCK) + " -j REJECT --reject-with " + family.rejectWith()));
        rules.add(filter(mark(Verdict.PERMANENT_DROP) + " -j DROP"));
        rules.add(filter(mark(Verdict.REROUTE_TO_TUNNEL) + " -j ACCEPT"));
        return List.copyOf(rules);
    }

    private static List<Rule> buildNatRules(IpFamily family, RuleConfig config) {
        String nameserver = config.nameserver(family) + ":" + config.nameserverPort();
        String tunnel = config.tunnel(family) + ":" + config.tunnelPort();
        String dns = mark(Verdict.REROUTE_TO_NAMESERVER);
        String tun = mark(Verdict.REROUTE_TO_TUNNEL);
        return List.of(
                new Rule("nat", "OUTPUT", "-p udp --dport 53 " + dns + " -j DNAT --to-destination " + nameserver),
                // DNS over TCP sent elsewhere is rerouted too, or it would bypass the local nameserver.
                new Rule("nat", "OUTPUT", "-p tcp --dport 53 " + dns + " -j DNAT --to-destination " + nameserver),
                new Rule("nat", "OUTPUT", tun + " -p tcp -j DNAT --to-destination " + tunnel),
                new Rule("nat", "OUTPUT", tun + " -p udp -j DNAT --to-destination " + tunnel),
                new Rule("nat", "OUTPUT", tun + " -j DNAT --to-destination " + config.tunnelHost(family)));
    }

    private static Rule filter(String spec) {
        return new Rule("filter", FILTER_CHAIN, spec);
    }

    private static String mark(Verdict mark) {
        return "-m mark --mark " + mark.mark();
    }

    public IpFamily family() {
        return family;
    }

    /** Rules inside the product's own chains, in order. */
    public List<Rule> chainRules() {
        return chainRules;
    }

    /** The jumps from the main chains into the product's chains; each must be first in its chain. */
    public List<Rule> jumps() {
        return jumps;
    }

    /** The DNAT rules in nat OUTPUT. */
    public List<Rule> natRules() {
        return natRules;
    }

    /** Every rule the product puts into a main (built-in) chain. */
    public List<Rule> mainChainRules() {
        List<Rule> all = new ArrayList<>(jumps);
        all.addAll(natRules);
        return List.copyOf(all);
    }

    /** (table, chain) of the product's own chains. */
    public static List<String[]> ownChains() {
        return List.of(new String[] {"mangle", OUTBOUND_CHAIN}, new String[] {"mangle", INBOUND_CHAIN},
                new String[] {"filter", FILTER_CHAIN});
    }

    /**
     * The iptables-restore --noflush input that creates the chains, fills them and inserts the
     * main-chain rules at the top. Expects none of them to exist yet.
     */
    public String installTransaction() {
        StringBuilder text = new StringBuilder();
        for (String table : List.of("mangle", "filter", "nat")) {
            text.append('*').append(table).append('\n');
            for (String[] chain : ownChains()) {
                if (chain[0].equals(table)) {
                    text.append(':').append(chain[1]).append(" - [0:0]\n");
                }
            }
            for (Rule rule : chainRules) {
                if (rule.table().equals(table)) {
                    text.append("-A ").append(rule.chain()).append(' ').append(rule.spec()).append('\n');
                }
            }
            int[] position = new int[1];
            String lastChain = "";
            for (Rule rule : mainChainRules()) {
                if (!rule.table().equals(table)) {
                    continue;
                }
                position[0] = rule.chain().equals(lastChain) ? position[0] + 1 : 1;
                lastChain = rule.chain();
                text.append("-I ").append(rule.chain()).append(' ').append(position[0]).append(' ')
                        .append(rule.spec()).append('\n');
            }
            text.append("COMMIT\n");
        }
        return text.toString();
    }

    /**
     * The iptables-restore --noflush input that deletes the given main-chain rules (one -D each) and
     * flushes and deletes the given own chains. Tables with nothing to do are left out.
     */
    public static String removeTransaction(List<Rule> presentMainRules, List<String[]> presentChains) {
        StringBuilder text = new StringBuilder();
        for (String table : List.of("mangle", "filter", "nat")) {
            StringBuilder block = new StringBuilder();
            for (Rule rule : presentMainRules) {
                if (rule.table().equals(table)) {
                    block.append("-D ").append(rule.chain()).append(' ').append(rule.spec()).append('\n');
                }
            }
            for (String[] chain : presentChains) {
                if (chain[0].equals(table)) {
                    block.append("-F ").append(chain[1]).append('\n');
                }
            }
            for (String[] chain : presentChains) {
                if (chain[0].equals(table)) {
                    block.append("-X ").append(chain[1]).append('\n');
                }
            }
            if (block.length() > 0) {
                text.append('*').append(table).append('\n').append(block).append("COMMIT\n");
            }
        }
        return text.toString();
    }
}
