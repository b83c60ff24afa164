package org.netreeve.engine.rulebase;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileCheckTest {

  @TempDir
  Path dir;

  @Test
  void acceptsFilesOfTheRunningUser() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve("a.drl"), "package p;");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertNull(RuleFileCheck.forCurrentUser().problem(f));
  }

  @Test
  void refusesWorldWritableFiles() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve("a.drl"), "package p;");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    String problem = RuleFileCheck.forCurrentUser().problem(f);
    assertNotNull(problem);
    assertTrue(problem.contains("writable by others"), problem);
  }

  @Test
  void refusesFilesInAWorldWritableDirectory() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path f = Files.writeString(sub.resolve("a.drl"), "package p;");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    String problem = RuleFileCheck.forCurrentUser().problem(f);
    assertNotNull(problem);
    assertTrue(problem.contains("its directory"), problem);
  }

  @Test
  void refusesFilesOfAnotherOwner() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve("a.drl"), "package p;");
    int me = RuleFileCheck.currentUid();
    String problem;
    if (me == 0) {
      // As root: give the file to someone else.
      Files.setAttribute(f, "unix:uid", 4321);
      problem = RuleFileCheck.forCurrentUser().problem(f);
      assertNotNull(problem);
      assertTrue(problem.contains("owned by uid 4321"), problem);
    } else {
      // As a user: a check that trusts only another uid refuses our file.
      problem = new RuleFileCheck(me + 12345).problem(f);
      assertNotNull(problem);
      assertTrue(problem.contains("owned by uid " + me), problem);
    }
  }
}
