package org.netreeve.profiles.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netreeve.profiles.model.Profile;

class FolderTableTest {

  private static Profile p(String id) {
    return Profile.builder(id, id).build();
  }

  @Test
  void findsTheLongestFolderOnWholePathParts() {
    Map<String, Profile> m = new HashMap<>();
    m.put("/opt", p("opt"));
    m.put("/opt/app", p("app"));
    m.put("/opt/app/bin/tool", p("tool"));
    FolderTable t = new FolderTable(m);
    assertEquals("/opt/app", t.longest("/opt/app/lib/x"));
    assertEquals("/opt", t.longest("/opt/apple/x"));
    assertEquals("/opt/app/bin/tool", t.longest("/opt/app/bin/tool"), "a folder path equal to the executable");
    assertEquals("/opt/app", t.longest("/opt/app/bin/tool2"));
    assertNull(t.longest("/usr/bin/curl"));
    assertNull(t.longest("/op"));
    assertSame(m.get("/opt/app"), t.get("/opt/app"));
    assertNull(t.get("/nope"));
  }

  @Test
  void rootCatchesEverythingElse() {
    FolderTable t = new FolderTable(Map.of("/", p("root"), "/srv", p("srv")));
    assertEquals("/", t.longest("/usr/bin/curl"));
    assertEquals("/srv", t.longest("/srv/x"));
    assertNull(t.longest(""));
  }

  @Test
  void equalHashesAreToldApartByText() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    Map<String, Profile> m = Map.of("/Aa", p("a"), "/BB", p("b"));
    FolderTable t = new FolderTable(m);
    assertEquals("/BB", t.longest("/BB/run"));
    assertEquals("/Aa", t.longest("/Aa/run"));
    assertSame(m.get("/BB"), t.get("/BB"));
  }

  @Test
  void manyFoldersStayFindable() {
    Map<String, Profile> m = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      m.put("/srv/v" + i, p("v" + i));
    }
    FolderTable t = new FolderTable(m);
    for (int i = 0; i < 5000; i++) {
      assertEquals("/srv/v" + i, t.longest("/srv/v" + i + "/bin/x"));
    }
    assertNull(t.longest("/srv/v5000/bin/x"));
  }
}
