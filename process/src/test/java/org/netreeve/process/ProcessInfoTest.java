package org.netreeve.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessInfoTest {

  @Test
  void unknownProcessIsUnknown() {
    assertTrue(ProcessInfo.UNKNOWN.isUnknown());
    assertEquals("unidentified process", ProcessInfo.UNKNOWN.describe());
  }

  @Test
  void ancestorWalksNearestFirst() {
    ProcessInfo grandparent = new ProcessInfo(1, 0, 1, "/sbin/init", "init", List.of("init"), 0, "root",
        List.of(), "", "");
    ProcessInfo parent = new ProcessInfo(10, 1, 5, "/bin/bash", "bash", List.of("bash"), 1000, "alice",
        List.of(), "", "");
    ProcessInfo child = new ProcessInfo(20, 10, 9, "/usr/bin/curl", "curl x", List.of("curl", "x"), 1000,
        "alice", List.of(parent, grandparent), "", "");
    assertEquals(parent, child.ancestor(1));
    assertEquals(grandparent, child.ancestor(2));
    assertNull(child.ancestor(3));
    assertEquals(child, child.ancestor(0));
  }
}
