package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupTest {

  @Test
  void unifiedHierarchyGivesItsPath() {
    Cgroup cgroup = Cgroup.parse("0::/user.slice/user-1000.slice/session-2.scope\n");
    assertEquals("/user.slice/user-1000.slice/session-2.scope", cgroup.path());
    assertEquals(List.of("/user.slice/user-1000.slice/session-2.scope"), cgroup.paths());
  }

  @Test
  void hybridHierarchyPrefersANonRootUnifiedPathThenSystemd() {
    String hybrid = "12:memory:/docker/abc\n1:name=systemd:/system.slice/ssh.service\n0::/\n";
    assertEquals("/system.slice/ssh.service", Cgroup.parse(hybrid).path());
    String unified = "1:name=systemd:/system.slice/a.service\n0::/system.slice/b.service\n";
    assertEquals("/system.slice/b.service", Cgroup.parse(unified).path());
  }

  @Test
  void v1WithoutSystemdTakesFirstNonRootPath() {
    Cgroup cgroup = Cgroup.parse("4:memory:/process_api/d61b\n3:cpuset:/\n0::/\n");
    assertEquals("/process_api/d61b", cgroup.path());
    assertEquals(List.of("/process_api/d61b", "/", "/"), cgroup.paths());
  }

  @Test
  void rootOnlyGivesRoot() {
    assertEquals("/", Cgroup.parse("0::/\n").path());
  }

  @Test
  void emptyOrMalformedContentGivesNothing() {
    assertEquals(Cgroup.NONE, Cgroup.parse(""));
    assertEquals(Cgroup.NONE, Cgroup.parse("garbage without colons\n"));
  }
}
