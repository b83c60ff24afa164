package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerTest {

  private static final String ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";
  private static final String ID2 = "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999";

  private static Optional<Container> detect(String... paths) {
    return Container.detect(List.of(paths));
  }

  @Test
  void dockerWithSystemdDriver() {
    assertEquals(Optional.of(new Container("docker", ID)),
        detect("/system.slice/docker-" + ID + ".scope"));
  }

  @Test
  void rootlessDocker() {
    assertEquals(Optional.of(new Container("docker", ID)), detect(
        "/user.slice/user-1000.slice/user@1000.service/app.slice/docker-" + ID + ".scope"));
  }

  @Test
  void dockerWithCgroupfsDriverOnV1() {
    assertEquals(Optional.of(new Container("docker", ID)),
        detect("/", "/docker/" + ID, "/docker/" + ID + "/init.scope"));
  }

  @Test
  void nestedDockerReportsTheOuterContainer() {
    assertEquals(Optional.of(new Container("docker", ID)),
        detect("/docker/" + ID + "/docker/" + ID2));
  }

  @Test
  void podmanButNotItsMonitor() {
    assertEquals(Optional.of(new Container("podman", ID)),
        detect("/machine.slice/libpod-" + ID + ".scope/container"));
    assertEquals(Optional.of(new Container("podman", ID)), detect("/libpod_parent/libpod-" + ID));
    assertEquals(Optional.empty(), detect("/machine.slice/libpod-conmon-" + ID + ".scope"));
  }

  @Test
  void crioButNotItsMonitor() {
    assertEquals(Optional.of(new Container("cri-o", ID)), detect(
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_5678.slice/crio-"
            + ID + ".scope"));
    assertEquals(Optional.empty(), detect("/system.slice/crio-conmon-" + ID + ".scope"));
  }

  @Test
  void containerdCriAndNerdctl() {
    assertEquals(Optional.of(new Container("containerd", ID)), detect(
        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podab_cd.slice/"
            + "cri-containerd-" + ID + ".scope"));
    assertEquals(Optional.of(new Container("containerd", ID)),
        detect("/system.slice/nerdctl-" + ID + ".scope"));
  }

  @Test
  void kubernetesWithCgroupfsDriver() {
    assertEquals(Optional.of(new Container("kubernetes", ID)),
        detect("/kubepods/besteffort/pod0f1e2d3c-aaaa-bbbb-cccc-000011112222/" + ID));
  }

  @Test
  void lxcAndLxdByName() {
    assertEquals(Optional.of(new Container("lxc", "web01")), detect("/lxc.payload.web01/init.scope"));
    assertEquals(Optional.of(new Container("lxc", "db")), detect("/lxc.payload/db"));
    assertEquals(Optional.of(new Container("lxc", "legacy")), detect("/lxc/legacy"));
    assertEquals(Optional.empty(), detect("/lxc.monitor.web01"));
  }

  @Test
  void systemdNspawnAndMachinedUnescapeNames() {
    assertEquals(Optional.of(new Container("nspawn", "build-box")),
        detect("/machine.slice/systemd-nspawn@build-box.service/payload"));
    assertEquals(Optional.of(new Container("machine", "my-container")),
        detect("/machine.slice/machine-my\\x2dcontainer.scope/payload/system.slice/x.service"));
  }

  @Test
  void containerdNamespaceLayoutFallsBackToOci() {
    assertEquals(Optional.of(new Container("oci", ID)), detect("/default/" + ID));
  }

  @Test
  void ordinaryHostProcessesAreInNoContainer() {
    assertEquals(Optional.empty(), detect("/user.slice/user-1000.slice/session-3.scope"));
    assertEquals(Optional.empty(), detect("/system.slice/docker.service"));
    assertEquals(Optional.empty(), detect("/system.slice/containerd.service"));
    assertEquals(Optional.empty(), detect("/process_api/d61be41bdd190e3e460355e3ee70996a"));
    assertEquals(Optional.empty(), detect("/"));
    assertEquals(Optional.empty(), detect());
  }

  @Test
  void rendersAsRuntimeColonId() {
    assertEquals("docker:" + ID, new Container("docker", ID).toString());
  }

  @Test
  void unescapeLeavesBrokenEscapesAlone() {
    assertEquals("a\\xzzb", Container.unescapeUnitName("a\\xzzb"));
    assertEquals("a-b", Container.unescapeUnitName("a\\x2db"));
  }
}
