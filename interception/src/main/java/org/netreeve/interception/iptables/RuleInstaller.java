package org.netreeve.interception.iptables;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and removes the product's rules for each address family, one iptables-restore
 * --noflush transaction per family, so that either all rules of a family are in place or none.
 *
 * <p>Removal needs no memory of what was installed: it finds the product's main-chain rules
 * ({@code iptables -C}) and own chains ({@code iptables -S}) and deletes exactly those, repeating
 * while duplicates remain. That makes {@link #uninstall()} the recovery after a crash as well as the
 * clean stop, and {@link #install()} starts by clearing leftovers of an earlier run. Rules of other
 * programs are never touched. Tables that iptables created on first use stay (with their built-in
 * chains empty and policy ACCEPT), which changes no traffic.
 *
 * <p>Thread rules: not thread-safe; the daemon calls install, the periodic
 * {@link #ensureJumpsFirst()} and uninstall from one thread.
 */
public final class RuleInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(RuleInstaller.class);
    private static final int MAX_REMOVAL_ROUNDS = 10;

    private final CommandRunner runner;
    private final Map<IpFamily, RuleSet> ruleSets = new EnumMap<>(IpFamily.class);

    public RuleInstaller(CommandRunner runner, RuleConfig config, Set<IpFamily> families) {
        this.runner = runner;
        for (IpFamily family : families) {
            ruleSets.put(family, new RuleSet(family, config));
        }
    }

    /** Both families with the default addresses. */
    public RuleInstaller(CommandRunner runner) {
        this(runner, RuleConfig.defaults(), Set.of(IpFamily.IPV4, IpFamily.IPV6));
    }

    public RuleSet ruleSet(IpFamily family) {
        return ruleSets.get(family);
    }

    /**
     * Removes leftovers of an earlier run, then installs each family in one transaction. If a later
     * family fails, the families already installed are removed again before the error is thrown.
     */
    public void install() throws RuleInstallException {
        uninstall();
        List<IpFamily> done = new ArrayList<>();
        for (RuleSet set : ruleSets.values()) {
            try {
                restore(set.family(), set.installTransaction());
                done.add(set.family());
            } catch (RuleInstallException e) {
                for (IpFamily family : done) {
                    try {
                        uninstall(ruleSets.get(family));
                    } catch (RuleInstallException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }
        LOG.info("installed firewall chains for {}", ruleSets.keySet());
    }

    /**
     * Removes every rule and chain of the product, whatever state an earlier run left. Safe to call
     * when nothing is installed.
     */
    public void uninstall() throws RuleInstallException {
        RuleInstallException first = null;
        for (RuleSet set : ruleSets.values()) {
            try {
                uninstall(set);
            } catch (RuleInstallException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void uninstall(RuleSet set) throws RuleInstallException {
        for (int round = 0; round < MAX_REMOVAL_ROUNDS; round++) {
            List<Rule> present = new ArrayList<>();
            List<String[]> chains = new ArrayList<>();
            for (String table : List.of("mangle", "filter")) {
                List<String> lines = list(set.family(), table);
                // Every copy of a jump is deleted in the same transaction; one left behind would
                // keep its chain in use and make the chain's deletion fail.
                for (Rule jump : set.jumps()) {
                    if (jump.table().equals(table)) {
                        String line = "-A " + jump.chain() + " " + jump.spec();
                        lines.stream().filter(line::equals).forEach(l -> present.add(jump));
                    }
                }
                for (String[] chain : RuleSet.ownChains()) {
                    if (chain[0].equals(table) && lines.contains("-N " + chain[1])) {
                        chains.add(chain);
                    }
                }
            }
            for (Rule rule : set.natRules()) {
                if (exists(set.family(), rule)) {
                    present.add(rule);
                }
            }
            if (present.isEmpty() && chains.isEmpty()) {
                return;
            }
            restore(set.family(), RuleSet.removeTransaction(present, chains));
        }
        throw new RuleInstallException(set.family().tool() + ": product rules still present after "
                + MAX_REMOVAL_ROUNDS + " removal rounds (is another program re-adding them?)");
    }

    /**
     * Checks that each jump into the product's chains is the first rule of its main chain and moves
     * it back to the top if another program inserted rules before it. If a family's chains are gone
     * altogether, reinstalls that family. Meant to be called on a timer by the daemon.
     *
     * @return what was repaired, empty if everything was in place
     */
    public List<String> ensureJumpsFirst() throws RuleInstallException {
        List<String> repairs = new ArrayList<>();
        for (RuleSet set : ruleSets.values()) {
            IpFamily family = set.family();
            if (presentChains(family).size() != RuleSet.ownChains().size()) {
                uninstall(set);
                restore(family, set.installTransaction());
                repairs.add(family.tool() + ": chains were missing, reinstalled");
                continue;
            }
            StringBuilder fix = new StringBuilder();
            for (String table : List.of("mangle", "filter")) {
                List<String> lines = list(family, table);
                StringBuilder block = new StringBuilder();
                for (String chain : List.of("OUTPUT", "INPUT")) {
                    Rule jump = set.jumps().stream()
                            .filter(r -> r.table().equals(table) && r.chain().equals(chain))
                            .findFirst().orElseThrow();
                    String wanted = "-A " + chain + " " + jump.spec();
                    String prefix = "-A " + chain + " ";
                    List<String> chainLines = lines.stream().filter(l -> l.startsWith(prefix)).toList();
                    if (!chainLines.isEmpty() && chainLines.get(0).equals(wanted)
                            && chainLines.stream().filter(wanted::equals).count() == 1) {
                        continue;
                    }
                    for (String line : chainLines) {
                        if (line.equals(wanted)) {
                            block.append("-D ").append(chain).append(' ').append(jump.spec()).append('\n');
                        }
                    }
                    block.append("-I ").append(chain).append(" 1 ").append(jump.spec()).append('\n');
                    repairs.add(family.tool() + " -t " + table + " " + chain + ": jump to " + jump.spec()
                            .substring(3) + " moved back to the top");
                }
                if (block.length() > 0) {
                    fix.append('*').append(table).append('\n').append(block).append("COMMIT\n");
                }
            }
            if (fix.length() > 0) {
                restore(family, fix.toString());
            }
        }
        for (String repair : repairs) {
            LOG.warn("firewall rules repaired: {}", repair);
        }
        return repairs;
    }

    /** Whether all chains of a family are present. */
    public boolean isInstalled(IpFamily family) throws RuleInstallException {
        return presentChains(family).size() == RuleSet.ownChains().size();
    }

    private boolean exists(IpFamily family, Rule rule) throws RuleInstallException {
        List<String> command = new ArrayList<>(List.of(family.tool(), "-w", "-t", rule.table(), "-C", rule.chain()));
        command.addAll(List.of(rule.specArguments()));
        // Exit 1 means "no such rule"; 2 and more mean the table or a target is unknown, which for
        // removal also means the rule is not there.
        return run(command, null, false).ok();
    }

    private List<String[]> presentChains(IpFamily family) throws RuleInstallException {
        List<String[]> present = new ArrayList<>();
        for (String[] chain : RuleSet.ownChains()) {
            if (list(family, chain[0]).contains("-N " + chain[1])) {
                present.add(chain);
            }
        }
        return present;
    }

    private List<String> list(IpFamily family, String table) throws RuleInstallException {
        CommandRunner.Result result = run(List.of(family.tool(), "-w", "-t", table, "-S"), null, false);
        if (!result.ok()) {
            return List.of();
        }
        return result.stdout().lines().map(String::trim).toList();
    }

    private void restore(IpFamily family, String transaction) throws RuleInstallException {
        LOG.debug("{} --noflush:\n{}", family.restoreTool(), transaction);
        run(List.of(family.restoreTool(), "-w", "--noflush"), transaction, true);
    }

    private CommandRunner.Result run(List<String> command, String stdin, boolean mustSucceed)
            throws RuleInstallException {
        CommandRunner.Result result;
        try {
            result = runner.run(command, stdin);
        } catch (IOException e) {
            throw new RuleInstallException("cannot run " + String.join(" ", command) + " (is the iptables package"
                    + " installed?): " + e.getMessage(), e);
        }
        if (mustSucceed && !result.ok()) {
            throw new RuleInstallException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
                    + result.stderr().strip() + (stdin == null ? "" : "\ninput was:\n" + stdin));
        }
        return result;
    }
}
