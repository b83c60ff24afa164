package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.net.proc.ProcSockets;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.fakes.FakeProc;

class ProcFsTest {

  @TempDir
  Path root;

  @Test
  void listsPidsNewestFirstAndIgnoresOtherEntries() throws IOException {
    FakeProc proc = new FakeProc(root);
    proc.process(1);
    proc.process(300);
    proc.process(42);
    Files.createDirectories(root.resolve("sys"));
    Files.createDirectories(root.resolve("self"));
    assertArrayEquals(new int[] {300, 42, 1}, new ProcFs(root).sockets().pids());
  }

  @Test
  void readsTheFilesOfAProcess() throws IOException {
    new FakeProc(root).process(7).stat("my prog)", 1, 555).uids(1000, 0)
        .cmdline("/usr/bin/python3", "-c", "print('a b')").cgroup("0::/system.slice/x.service\n")
        .exe("/usr/bin/python3.11");
    ProcFs fs = new ProcFs(root);
    assertEquals(new ProcStat(7, "my prog)", 'S', 1, 555), fs.stat(7));
    assertEquals(0, fs.effectiveUid(7), "effective, not real");
    assertEquals(List.of("/usr/bin/python3", "-c", "print('a b')"), fs.cmdline(7));
    assertEquals("/system.slice/x.service", fs.cgroup(7).path());
    assertEquals("/usr/bin/python3.11", fs.exe(7));
  }

  @Test
  void stripsTheDeletedMarkOfAReplacedBinary() throws IOException {
    new FakeProc(root).process(7).exe("/usr/lib/firefox/firefox (deleted)");
    assertEquals("/usr/lib/firefox/firefox", new ProcFs(root).exe(7));
  }

  @Test
  void readsLongExecutablePaths() throws IOException {
    String deep = "/opt/" + "very-long-directory-name/".repeat(20) + "app";
    new FakeProc(root).process(7).exe(deep);
    assertEquals(deep, new ProcFs(root).exe(7));
  }

  @Test
  void processWithoutExeLinkHasEmptyExeButAGoneProcessThrows() throws IOException {
    new FakeProc(root).process(2).stat("kthreadd", 0, 1);
    ProcFs fs = new ProcFs(root);
    assertEquals("", fs.exe(2));
    assertThrows(NoSuchFileException.class, () -> fs.exe(99));
    assertThrows(NoSuchFileException.class, () -> fs.stat(99));
  }

  @Test
  void walksOnlySocketDescriptors() {
    new FakeProc(root).process(9).file(0, "/dev/null").socket(3, 1234).file(4, "pipe:[77]")
        .socket(5, 4294967295L).file(6, "socket:[notanumber]").file(7, "anon_inode:[eventfd]");
    List<String> seen = new ArrayList<>();
    assertTrue(new ProcFs(root).sockets().visitSockets(9, (fd, inode) -> seen.add(fd + "=" + inode)));
    seen.sort(null);
    assertEquals(List.of("3=1234", "5=4294967295"), seen);
  }

  @Test
  void visitorCanStopTheWalk() {
    new FakeProc(root).process(9).socket(3, 1).socket(4, 2).socket(5, 3);
    int[] calls = {0};
    new ProcFs(root).sockets().visitSockets(9, (fd, inode) -> ++calls[0] < 2);
    assertEquals(2, calls[0]);
  }

  @Test
  void visitingAGoneProcessReportsFalse() {
    assertFalse(new ProcFs(root).sockets().visitSockets(12345, (fd, inode) -> true));
  }

  @Test
  void confirmsWhichSocketADescriptorHolds() {
    new FakeProc(root).process(9).socket(3, 1234);
    ProcFs fs = new ProcFs(root);
    assertTrue(fs.sockets().holdsSocket(9, 3, 1234));
    assertFalse(fs.sockets().holdsSocket(9, 3, 1235));
    assertFalse(fs.sockets().holdsSocket(9, 4, 1234));
    assertFalse(fs.sockets().holdsSocket(10, 3, 1234));
  }

  @Test
  void ownerUidOfTheProcessDirectory() throws IOException {
    new FakeProc(root).process(9);
    int expected = (Integer) Files.getAttribute(root.resolve("9"), "unix:uid");
    ProcFs fs = new ProcFs(root);
    assertEquals(expected, fs.sockets().ownerUid(9));
    assertEquals(-1, fs.sockets().ownerUid(10));
  }

  @Test
  void statusWithoutUidLineIsAnErrorNamingTheFile() throws IOException {
    FakeProc.Process p = new FakeProc(root).process(9);
    Files.writeString(p.dir().resolve("status"), "Name:\tx\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProcFs(root).effectiveUid(9));
    assertEquals(root + "/9/status: no \"Uid:\" line with an effective uid", e.getMessage());
  }

  @Test
  void splitsCommandLines() {
    assertEquals(List.of("a", "b c", ""), ProcFs.splitCmdline(bytes("a\0b c\0\0")));
    assertEquals(List.of("nginx: worker process"), ProcFs.splitCmdline(bytes("nginx: worker process")));
    assertEquals(List.of(), ProcFs.splitCmdline(new byte[0]));
  }

  @Test
  void readsLargeCommandLines() throws IOException {
    String big = "x".repeat(100_000);
    new FakeProc(root).process(9).cmdline("java", big);
    assertEquals(List.of("java", big), new ProcFs(root).cmdline(9));
  }

  @Test
  void parsesSocketLinkTargets() {
    assertEquals(12345, ProcSockets.socketInode(bytes("socket:[12345]"), 14));
    assertEquals(-1, ProcSockets.socketInode(bytes("socket:[]"), 9));
    assertEquals(-1, ProcSockets.socketInode(bytes("socket:[12a]"), 12));
    assertEquals(-1, ProcSockets.socketInode(bytes("pipe:[12345]"), 12));
    assertEquals(-1, ProcSockets.socketInode(bytes("socket:[1"), 9));
    assertEquals(-1, ProcSockets.socketInode(bytes("x"), -1));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
