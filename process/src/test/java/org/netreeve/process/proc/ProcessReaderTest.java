package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.ProcessInfo;
import org.netreeve.process.fakes.FakeProc;
import org.netreeve.net.fixtures.ManualClock;

class ProcessReaderTest {

  private static final String DOCKER_ID =
      "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899";

  @TempDir
  Path root;

  private FakeProc proc;
  private ManualClock clock;
  private ProcessCache cache;
  private ProcessReader reader;

  @BeforeEach
  void setUp() throws IOException {
    proc = new FakeProc(root);
    clock = new ManualClock();
    Path passwd = root.resolve("passwd");
    Files.writeString(passwd, "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
    cache = new ProcessCache(100, Duration.ofMinutes(10), clock);
    reader = new ProcessReader(new ProcFs(root), new UserNames(passwd, clock, Duration.ofSeconds(5)),
        cache, clock, 32, Duration.ofSeconds(2));
    proc.process(1).typical("/usr/lib/systemd/systemd", 0, 1, 0, "/sbin/init");
    proc.process(100).typical("/usr/bin/bash", 1, 50, 1000, "-bash");
  }

  @Test
  void readsEverythingAboutAProcessAndItsParents() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl", "-s", "https://example.com")
        .cgroup("0::/system.slice/docker-" + DOCKER_ID + ".scope\n");
    ProcessInfo curl = reader.read(200);
    assertEquals(200, curl.pid());
    assertEquals(100, curl.ppid());
    assertEquals(900, curl.startTime());
    assertEquals("/usr/bin/curl", curl.exe());
    assertEquals(List.of("curl", "-s", "https://example.com"), curl.args());
    assertEquals("curl -s https://example.com", curl.cmdline());
    assertEquals(1000, curl.uid());
    assertEquals("alice", curl.user());
    assertEquals("/system.slice/docker-" + DOCKER_ID + ".scope", curl.cgroup());
    assertEquals("docker:" + DOCKER_ID, curl.container());
    assertEquals(List.of(100, 1), curl.parents().stream().map(ProcessInfo::pid).toList());
    assertEquals("/usr/bin/bash", curl.ancestor(1).exe());
    assertEquals("root", curl.ancestor(2).user());
    assertEquals(List.of(), curl.ancestor(1).parents(), "ancestors carry no chain of their own");
  }

  @Test
  void secondReadComesFromTheCache() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl");
    ProcessInfo first = reader.read(200);
    long misses = reader.cacheMisses();
    assertSame(first, reader.read(200));
    assertSame(first, reader.readCached(200));
    assertEquals(misses, reader.cacheMisses());
  }

  @Test
  void reusedPidWithNewStartTimeIsReadAgain() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl");
    assertEquals("/usr/bin/curl", reader.read(200).exe());
    proc.process(200).typical("/usr/bin/wget", 100, 950, 1000, "wget");
    clock.advance(Duration.ofSeconds(3));
    assertEquals("/usr/bin/wget", reader.read(200).exe());
  }

  @Test
  void execIsNoticedThroughCommAndExe() {
    proc.process(200).typical("/usr/bin/sh", 100, 900, 1000, "sh", "-c", "exec python3");
    assertNull(reader.readCached(200), "not read yet");
    assertEquals("/usr/bin/sh", reader.read(200).exe());
    assertEquals("/usr/bin/sh", reader.readCached(200).exe());
    // exec: same pid and start time, new program.
    proc.process(200).typical("/usr/bin/python3", 100, 900, 1000, "python3");
    assertNull(reader.readCached(200), "exe changed: the cached entry is not trusted");
    assertEquals("/usr/bin/python3", reader.read(200).exe());
    clock.advance(Duration.ofSeconds(3));
    proc.process(200).typical("/usr/bin/perl", 100, 900, 1000, "perl");
    assertEquals("/usr/bin/perl", reader.read(200).exe(), "comm changed after the chain expired");
  }

  @Test
  void reparentedProcessShowsItsNewParentOnceTheChainExpires() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl");
    assertEquals(100, reader.read(200).ppid());
    proc.process(100).remove();
    proc.process(200).typical("/usr/bin/curl", 1, 900, 1000, "curl");
    clock.advance(Duration.ofSeconds(3));
    ProcessInfo curl = reader.read(200);
    assertEquals(1, curl.ppid());
    assertEquals(List.of(1), curl.parents().stream().map(ProcessInfo::pid).toList());
  }

  @Test
  void parentChainIsBoundedByDepth() {
    int parent = 1;
    for (int pid = 2; pid < 60; pid++) {
      proc.process(pid).typical("/bin/p" + pid, parent, pid, 0, "p" + pid);
      parent = pid;
    }
    ProcessReader shallow = new ProcessReader(new ProcFs(root),
        new UserNames(root.resolve("passwd"), clock, Duration.ofSeconds(5)), cache, clock, 5,
        Duration.ofSeconds(2));
    ProcessInfo deep = shallow.read(59);
    assertEquals(5, deep.parents().size());
    assertEquals(58, deep.ancestor(1).pid());
    assertEquals(54, deep.ancestor(5).pid());
  }

  @Test
  void goneOrMalformedProcessReadsAsNull() {
    assertNull(reader.read(4242));
    proc.process(300).statRaw("garbage");
    assertNull(reader.read(300));
    assertNull(reader.read(0));
    assertNull(reader.read(-5));
  }

  @Test
  void kernelThreadHasEmptyExeAndCommandLine() {
    proc.process(2).stat("kthreadd", 0, 3).uids(0, 0).cmdline().cgroup("0::/\n");
    ProcessInfo kthreadd = reader.read(2);
    assertEquals("", kthreadd.exe());
    assertEquals("", kthreadd.cmdline());
    assertEquals(0, kthreadd.uid());
    assertEquals(List.of(), kthreadd.parents());
  }

  @Test
  void readCachedNeverReadsANewProcess() {
    proc.process(200).typical("/usr/bin/curl", 100, 900, 1000, "curl");
    assertNull(reader.readCached(200));
    reader.read(200);
    clock.advance(Duration.ofSeconds(3));
    assertEquals("/usr/bin/curl", reader.readCached(200).exe(), "re-assembled from cached nodes");
  }
}
