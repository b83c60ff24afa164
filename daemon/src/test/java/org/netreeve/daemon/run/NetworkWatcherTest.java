package org.netreeve.daemon.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.profiles.model.SecurityLevel;

/** The security level and the gateway watch that raises it, on a fake /proc/net. */
class NetworkWatcherTest {

  @TempDir
  Path dir;

  private Path procNet;
  private PolicyState policy;
  private SecurityLevels levels;
  private final List<String> changes = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    procNet = Files.createDirectories(dir.resolve("proc-net"));
    policy = new PolicyState(PolicySnapshot.of(null, Instant.EPOCH, null, null, PolicyConfig.defaults()),
        IntelSource.NONE);
    levels = new SecurityLevels(policy, dir.resolve("state/level"));
    levels.onChange((level, why) -> changes.add(level + ": " + why));
  }

  private void gateway(String mac) throws Exception {
    Files.writeString(procNet.resolve("route"), """
        Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
        eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
        eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
        """);
    Files.writeString(procNet.resolve("arp"), """
        IP address       HW type     Flags       HW address            Mask     Device
        192.168.1.1      0x1         0x2         %s     *        eth0
        """.formatted(mac));
  }

  private NetworkWatcher watcher() {
    return new NetworkWatcher(procNet, dir.resolve("state/networks"), levels);
  }

  @Test
  void anUnknownNetworkRaisesTheLevelToSecure() throws Exception {
    gateway("AA:BB:CC:DD:EE:FF");
    NetworkWatcher.Gateway g = watcher().check();
    assertEquals(new NetworkWatcher.Gateway("192.168.1.1", "aa:bb:cc:dd:ee:ff"), g);
    assertEquals(SecurityLevel.SECURE, levels.current());
    assertEquals(SecurityLevel.SECURE, policy.level(), "decisions see the new level");
    assertTrue(levels.reason().startsWith("unknown network (gateway 192.168.1.1"), levels.reason());
  }

  @Test
  void aTrustedNetworkIsRememberedAcrossRestarts() throws Exception {
    gateway("aa:bb:cc:dd:ee:ff");
    watcher().trustCurrent();
    watcher().check();
    assertEquals(SecurityLevel.DYNAMIC, levels.current());
    assertEquals(List.of(), changes);
  }

  @Test
  void aGatewayAnsweringFromAnotherHardwareAddressRaisesTheLevelToFortress() throws Exception {
    gateway("aa:bb:cc:dd:ee:ff");
    watcher().trustCurrent();
    NetworkWatcher w = watcher();
    w.check();
    gateway("66:66:66:66:66:66");
    w.check();
    assertEquals(SecurityLevel.FORTRESS, levels.current());
    assertTrue(levels.reason().contains("possible ARP spoofing"), levels.reason());
  }

  @Test
  void anUnresolvedGatewayIsJudgedOnTheNextLook() throws Exception {
    gateway("00:00:00:00:00:00");
    NetworkWatcher w = watcher();
    assertEquals("unresolved", w.check().mac());
    assertEquals(SecurityLevel.DYNAMIC, levels.current());
    gateway("aa:bb:cc:dd:ee:ff");
    w.check();
    assertEquals(SecurityLevel.SECURE, levels.current());
  }

  @Test
  void theLevelIsKeptAcrossRestartsAndRaisingNeverLowersIt() throws Exception {
    levels.set(SecurityLevel.FORTRESS, "set by the user");
    assertFalse(levels.raise(SecurityLevel.SECURE, "unknown network"), "Fortress is above Secure");
    assertEquals(SecurityLevel.FORTRESS, levels.current());
    assertEquals(List.of("FORTRESS: set by the user"), changes);
    PolicyState restarted = new PolicyState(PolicySnapshot.of(null, Instant.EPOCH, null, null,
        PolicyConfig.defaults()), IntelSource.NONE);
    SecurityLevels again = new SecurityLevels(restarted, dir.resolve("state/level"));
    assertEquals(SecurityLevel.FORTRESS, again.current());
    assertEquals("kept from the last run", again.reason());
  }
}
