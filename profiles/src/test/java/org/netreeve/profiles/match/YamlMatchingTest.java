package org.netreeve.profiles.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.netreeve.profiles.match.Processes.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.Special;
import org.netreeve.profiles.yaml.ProfileLoader;

/** Profiles written as YAML files, loaded and matched: the path a policy author takes. */
class YamlMatchingTest {

  @TempDir
  Path dir;

  private ProfileIndex index;

  private void write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, yaml);
  }

  @BeforeEach
  void policy() throws IOException {
    write("frameworks/python.yaml", "name: Python\npaths: [/usr/bin/python3.11]\nflags: [Internet]\n"
        + "framework:\n  find: '(?:^|\\s)\\S*python[0-9.]*\\s+(?:-\\S+\\s+)*(/\\S+\\.py)'\n  build: $1\n");
    write("scripts/backup.yaml", "name: Backup script\npaths: [/home/alice/bin/backup.py]\n"
        + "flags: [Internet]\nconnect-ports: [HTTPS]\n");
    write("children/chat-gpu-process.yaml", "name: Chat GPU process\npaths: [/opt/chat/chat-gpu]\n"
        + "framework:\n  find-parent-level: 1\n  merge-with-parent: true\n");
    write("apps/chat.yaml", "name: Chat\npaths: [/opt/chat/chat]\nflags: [Internet]\n");
    write("folders/opt.yaml", "name: Vendor software\ndefault: true\npaths: [/opt]\nflags: [LocalNet]\n");
    write("system/resolver.yaml", "name: Resolver\nspecial: resolver\npaths: [/usr/sbin/unbound]\n"
        + "flags: [System, Internet]\n");
    index = ProfileIndex.build(new ProfileLoader().load(dir).orThrow(), MatchOptions.offline());
  }

  @Test
  void pythonScriptGetsItsOwnProfile() {
    ProfileMatch m = index.resolve(process(10, "/usr/bin/python3.11", "python3 -u /home/alice/bin/backup.py"));
    assertEquals("scripts/backup", m.profile().id());
    assertEquals(MatchKind.FRAMEWORK_REWRITE, m.kind());
    assertEquals("frameworks/python", m.framework().id());
  }

  @Test
  void unknownScriptFallsBackToPython() {
    ProfileMatch m = index.resolve(process(11, "/usr/bin/python3.11", "python3 /tmp/x.py"));
    assertEquals("frameworks/python", m.profile().id());
    assertEquals(MatchKind.FRAMEWORK_FALLBACK, m.kind());
  }

  @Test
  void childProcessMergesWithItsApplication() {
    ProcessInfo chat = process(20, "/opt/chat/chat");
    ProfileMatch m = index.resolve(process(21, "/opt/chat/chat-gpu", "chat-gpu --type=gpu", chat));
    assertEquals("apps/chat", m.profile().id());
    assertEquals(MatchKind.FRAMEWORK_PARENT, m.kind());
    assertEquals(chat, m.attributedTo());
  }

  @Test
  void folderAndSpecialProfilesFromFiles() {
    assertEquals("folders/opt", index.resolve(process(30, "/opt/other/tool")).profile().id());
    ProfileMatch r = index.resolve(process(31, "/usr/sbin/unbound"));
    assertEquals(Special.RESOLVER, r.profile().special());
    assertEquals(MatchKind.SPECIAL, r.kind());
    assertEquals("system/resolver", r.profile().id());
  }
}
