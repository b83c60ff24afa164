package org.netreeve.interception.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleInstallerTest {
    private final FakeIptables iptables = new FakeIptables();
    private final RuleInstaller installer = new RuleInstaller(iptables, RuleConfig.defaults(),
            Set.of(IpFamily.IPV4, IpFamily.IPV6));

    @Test
    void installPutsTheJumpsFirstAndKeepsOtherProgramsRules() throws Exception {
        iptables.chain("iptables", "mangle", "OUTPUT").add("-p tcp -j ACCEPT");
        iptables.chain("iptables", "filter", "INPUT").add("-i lo -j ACCEPT");
        installer.install();
        for (String tool : List.of("iptables", "ip6tables")) {
            assertEquals("-j C170", iptables.chain(tool, "mangle", "OUTPUT").get(0));
            assertEquals("-j C171", iptables.chain(tool, "mangle", "INPUT").get(0));
            assertEquals("-j C17", iptables.chain(tool, "filter", "OUTPUT").get(0));
            assertEquals("-j C17", iptables.chain(tool, "filter", "INPUT").get(0));
            assertEquals(9, iptables.chain(tool, "filter", "C17").size());
            assertEquals(5, iptables.chain(tool, "nat", "OUTPUT").size());
            assertTrue(installer.isInstalled(tool.equals("iptables") ? IpFamily.IPV4 : IpFamily.IPV6));
        }
        assertEquals(List.of("-j C170", "-p tcp -j ACCEPT"), iptables.chain("iptables", "mangle", "OUTPUT"));
        assertEquals(List.of("-j C17", "-i lo -j ACCEPT"), iptables.chain("iptables", "filter", "INPUT"));
    }

    @Test
    void uninstallRestoresExactlyThePreviousState() throws Exception {
        iptables.chain("iptables", "nat", "OUTPUT").add("-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1");
        iptables.chain("ip6tables", "filter", "OUTPUT").add("-o lo -j ACCEPT");
        String before = iptables.snapshot();
        installer.install();
        installer.uninstall();
        assertEquals(before, iptables.snapshot());
    }

    @Test
    void installingTwiceLeavesOneCopy() throws Exception {
        installer.install();
        installer.install();
        assertEquals(1, iptables.chain("iptables", "mangle", "OUTPUT").size());
        assertEquals(5, iptables.chain("ip6tables", "nat", "OUTPUT").size());
    }

    @Test
    void uninstallWithNothingInstalledChangesNothing() throws Exception {
        String before = iptables.snapshot();
        installer.uninstall();
        assertEquals(before, iptables.snapshot());
        assertTrue(iptables.commands.stream().noneMatch(c -> c.contains("-restore")), iptables.commands.toString());
    }

    @Test
    void uninstallAfterACrashRemovesDuplicateJumpsAndLeftoverChains() throws Exception {
        installer.install();
        iptables.chain("iptables", "mangle", "OUTPUT").add("-j C170");
        iptables.chain("iptables", "filter", "INPUT").add(1, "-j C17");
        RuleInstaller afterRestart = new RuleInstaller(iptables);
        afterRestart.uninstall();
        assertTrue(iptables.chain("iptables", "mangle", "OUTPUT").isEmpty());
        assertTrue(iptables.chain("iptables", "filter", "INPUT").isEmpty());
        assertFalse(iptables.hasChain("iptables", "filter", "C17"));
        assertFalse(iptables.hasChain("ip6tables", "mangle", "C171"));
        assertTrue(iptables.chain("ip6tables", "nat", "OUTPUT").isEmpty());
    }

    @Test
    void ensureJumpsFirstMovesAJumpBackToTheTop() throws Exception {
        installer.install();
        iptables.chain("ip6tables", "filter", "OUTPUT").add(0, "-p udp -j ACCEPT");
        List<String> repairs = installer.ensureJumpsFirst();
        assertEquals(1, repairs.size(), repairs.toString());
        assertTrue(repairs.get(0).contains("ip6tables -t filter OUTPUT"), repairs.get(0));
        assertEquals(List.of("-j C17", "-p udp -j ACCEPT"), iptables.chain("ip6tables", "filter", "OUTPUT"));
    }

    @Test
    void ensureJumpsFirstDoesNothingWhenAllIsInPlace() throws Exception {
        installer.install();
        iptables.commands.clear();
        assertEquals(List.of(), installer.ensureJumpsFirst());
        assertTrue(iptables.commands.stream().noneMatch(c -> c.contains("-restore")), iptables.commands.toString());
    }

    @Test
    void ensureJumpsFirstReinstallsChainsThatWereDeleted() throws Exception {
        installer.install();
        new RuleInstaller(iptables, RuleConfig.defaults(), Set.of(IpFamily.IPV4)).uninstall();
        List<String> repairs = installer.ensureJumpsFirst();
        assertEquals(List.of("iptables: chains were missing, reinstalled"), repairs);
        assertTrue(installer.isInstalled(IpFamily.IPV4));
    }

    @Test
    void aFailingFamilyRollsBackTheFamiliesAlreadyInstalled() {
        String before = iptables.snapshot();
        iptables.failRestore = input -> input.startsWith("ip6tables-restore") && input.contains("-A C170");
        RuleInstallException error = assertThrows(RuleInstallException.class, installer::install);
        assertTrue(error.getMessage().contains("ip6tables-restore -w --noflush exited with 1"), error.getMessage());
        assertTrue(error.getMessage().contains("line 3 failed"), error.getMessage());
        assertEquals(before, iptables.snapshot());
    }

    @Test
    void aMissingToolIsNamedInTheError() {
        iptables.missingTools = true;
        RuleInstallException error = assertThrows(RuleInstallException.class, installer::install);
        assertTrue(error.getMessage().contains("is the iptables package installed?"), error.getMessage());
    }
}
