package org.netreeve.profiles.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.intel.endpoints.EndpointDecision;
import org.netreeve.intel.endpoints.EndpointRule;
import org.netreeve.intel.endpoints.EndpointTarget;
import org.netreeve.intel.endpoints.PortRange;
import org.netreeve.profiles.model.DefaultAction;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.Profile;
import org.netreeve.profiles.model.ProfileSet;
import org.netreeve.profiles.model.SecurityLevel;
import org.netreeve.profiles.model.SourceLocation;
import org.netreeve.profiles.model.Special;

class ProfileLoaderTest {

  @TempDir
  Path dir;

  private final ProfileLoader loader = new ProfileLoader();

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private String file(String relative) {
    return dir.resolve(relative).toString();
  }

  static final String FIREFOX = String.join("\n",
      "# A browser with every key set.",
      "name: Mozilla Firefox",
      "description: Web browser",
      "paths:",
      "  - /usr/lib/firefox-esr/firefox-esr",
      "  - /usr/bin/firefox",
      "security-level: Secure",
      "flags: [Internet, LocalNet, Browser, user]",
      "domain-whitelist:",
      "  - .mozilla.org",
      "  - '*.mozilla.net'",
      "keywords: [Firefox, mozilla]",
      "connect-ports: [HTTP, 443, 8000-8100]",
      "listen-ports: [5000]",
      "endpoints:",
      "  - + *.mozilla.org TCP/443   # updates",
      "  - \"- 10.0.0.0/8\"",
      "incoming: |",
      "  + LAN TCP/local:5000",
      "  # everything else",
      "  - *",
      "default-action: block",
      "filter-lists: [mal, TRAC]",
      "require-tls: true",
      "");

  @Test
  void loadsEveryKeyOfAProfile() throws IOException {
    write("browsers/firefox.yaml", FIREFOX);
    LoadResult r = loader.load(dir);
    assertTrue(r.ok(), r.report());
    Profile p = r.profiles().byId("browsers/firefox");
    assertNotNull(p);
    assertEquals("Mozilla Firefox", p.name());
    assertEquals("Web browser", p.description());
    assertEquals(List.of("/usr/lib/firefox-esr/firefox-esr", "/usr/bin/firefox"), p.paths());
    assertFalse(p.defaultProfile());
    assertEquals(SecurityLevel.SECURE, p.minimumLevel());
    assertEquals(EnumSet.of(Flag.INTERNET, Flag.LOCAL_NET, Flag.BROWSER, Flag.USER), p.flags());
    assertTrue(p.whitelists("addons.mozilla.org"));
    assertTrue(p.whitelists("cdn.mozilla.net"));
    assertFalse(p.whitelists("mozilla.net"));
    assertEquals(List.of("firefox", "mozilla"), p.keywords());
    assertEquals(List.of(PortRange.of(80), PortRange.of(443), new PortRange(8000, 8100)),
        p.connectPorts().ranges());
    assertTrue(p.listenPorts().allows(5000));
    assertFalse(p.listenPorts().allows(5001));
    assertEquals(2, p.endpoints().size());
    assertEquals(3, p.incoming().size() + 1, "comment lines in a | block are skipped");
    assertEquals(DefaultAction.BLOCK, p.defaultAction());
    assertEquals(List.of("MAL", "TRAC"), p.filterLists());
    assertTrue(p.requireTls());
    assertNull(p.framework());
    assertNull(p.special());
    assertEquals(file("browsers/firefox.yaml"), p.file());
    assertEquals(1, r.files());
  }

  @Test
  void keepsTheLineOfEveryKeyAndItem() throws IOException {
    write("firefox.yaml", FIREFOX);
    Profile p = loader.load(dir).orThrow().byId("firefox");
    String f = file("firefox.yaml");
    assertEquals(new SourceLocation(f, 2, 1), p.location("name"));
    assertEquals(new SourceLocation(f, 6, 5), p.location("paths[1]"));
    assertEquals(new SourceLocation(f, 8, 38), p.location("flags[3]"));
    assertEquals(new SourceLocation(f, 17, 5), p.location("endpoints[1]"));
    assertEquals(new SourceLocation(f, 21, 3), p.location("incoming[1]"));
    assertEquals(new SourceLocation(f, 0, 0), p.location("framework"), "absent key: the file");
  }

  @Test
  void endpointRulesCarryFileAndLineForAudit() throws IOException {
    write("firefox.yaml", FIREFOX);
    Profile p = loader.load(dir).orThrow().byId("firefox");
    EndpointRule deny = p.endpoints().rules().get(1);
    assertEquals("- 10.0.0.0/8", deny.text());
    assertEquals(file("firefox.yaml"), deny.file());
    assertEquals(17, deny.line());
    assertEquals(1, deny.index());
    EndpointRule incomingDenyAll = p.incoming().rules().get(1);
    assertEquals(21, incomingDenyAll.line());
    EndpointTarget lanSsh = EndpointTarget.builder().ip("192.168.1.2").protocol(6).remotePort(40000)
        .localPort(5000).build();
    assertEquals(EndpointDecision.PERMIT, p.incoming().match(lanSsh).decision());
    assertEquals(19, p.incoming().match(lanSsh).rule().line());
  }

  @Test
  void idIsThePathWithoutExtensionAndHiddenOrOtherFilesAreSkipped() throws IOException {
    write("a/b/tool.yml", "name: Tool\npaths: [/opt/tool]\n");
    write("README.md", "not a profile");
    write(".git/config.yaml", "this: is not read");
    write("a/.hidden.yaml", "neither: is this");
    write("a/tool.yaml~", "nor: a backup");
    LoadResult r = loader.load(dir);
    assertTrue(r.ok(), r.report());
    assertEquals(1, r.files());
    assertEquals(1, r.profiles().size());
    assertEquals("a/b/tool", r.profiles().profiles().get(0).id());
  }

  @Test
  void followsSymbolicLinksAndReportsLoops() throws IOException {
    Path real = Files.createDirectories(dir.resolve("available"));
    Files.writeString(real.resolve("curl.yaml"), "name: curl\npaths: [/usr/bin/curl]\n");
    Path enabled = Files.createDirectories(dir.resolve("enabled"));
    Files.createSymbolicLink(enabled.resolve("curl.yaml"), real.resolve("curl.yaml"));
    LoadResult r = loader.load(enabled);
    assertTrue(r.ok(), r.report());
    assertEquals("curl", r.profiles().profiles().get(0).id());
    Files.createSymbolicLink(enabled.resolve("loop"), enabled);
    LoadResult loop = loader.load(enabled);
    assertEquals(List.of(new ProfileError(enabled.resolve("loop").toString(), 0, 0,
        "cannot read: symbolic link loop")), loop.errors());
  }

  @Test
  void defaultKeywordsComeFromNameAndExecutable() throws IOException {
    write("tb.yaml", "name: Thunderbird Mail\npaths: [/usr/lib/thunderbird/thunderbird-bin]\nflags: [Strict]\n");
    Profile p = loader.load(dir).orThrow().profiles().get(0);
    assertEquals(List.of("thunderbird", "mail"), p.keywords());
    assertTrue(p.isRelated("incoming.thunderbird.net"));
    assertFalse(p.isRelated("tracker.example.com"));
  }

  @Test
  void builtInSpecialProfilesFillTheGaps() throws IOException {
    write("resolved.yaml", "name: My resolver\nspecial: resolver\npaths: [/usr/sbin/unbound]\nflags: [System]\n");
    ProfileSet set = loader.load(dir).orThrow();
    assertEquals("resolved", set.special(Special.RESOLVER).id());
    assertTrue(set.special(Special.KERNEL).isBuiltIn());
    assertTrue(set.special(Special.UNIDENTIFIED).isBuiltIn());
    assertTrue(set.special(Special.SELF).isBuiltIn());
    assertEquals(DefaultAction.BLOCK, set.special(Special.UNIDENTIFIED).defaultAction());
    assertTrue(set.special(Special.UNIDENTIFIED).flags().isEmpty());
    assertSame(set.special(Special.KERNEL), set.byId("builtin/kernel"));
    assertNotNull(set.byId("builtin/unprofiled"));
    assertNull(set.byId("builtin/resolver"), "the loaded resolver replaces the built-in one");
  }

  @Test
  void emptyDirectoryLoadsWithBuiltInsOnly() {
    LoadResult r = loader.load(dir);
    assertTrue(r.ok());
    assertEquals(0, r.profiles().size());
    assertEquals("0 files, 0 errors, 0 warnings\n", r.report());
  }

  @Test
  void missingDirectoryIsAnError() {
    LoadResult r = loader.load(dir.resolve("nope"));
    assertEquals(List.of(new ProfileError(dir.resolve("nope").toString(), 0, 0, "no such directory")), r.errors());
    ProfileLoadException e = assertThrows(ProfileLoadException.class, r::orThrow);
    assertEquals(dir.resolve("nope") + ": no such directory", e.getMessage());
  }

  @Test
  void reportsEveryErrorOfTheDirectoryInOneRun() throws IOException {
    write("a.yaml", "name: A\npaths: [/bin/a]\nflags: [Internett]\n");
    write("b.yaml", "name: B\npaths: [relative/b]\nsecurity-level: High\n");
    write("c.yaml", "name: C\npaths: [/bin/c]\nlisten-ports: [8080]\n");
    write("d.yaml", "name: D\npaths: [/bin/d]\n");
    LoadResult r = loader.load(dir);
    assertFalse(r.ok());
    assertNull(r.profiles());
    assertEquals(3, r.errors().size(), r.report());
    assertEquals(file("a.yaml"), r.errors().get(0).file());
    assertEquals(file("b.yaml"), r.errors().get(1).file());
    assertEquals(2, r.errors().get(1).line());
    assertEquals(3, r.errors().get(2).line());
    assertEquals(1, r.warnings().size());
    assertEquals(file("c.yaml"), r.warnings().get(0).file());
    assertTrue(r.report().endsWith("4 files, 3 errors, 1 warning\n"), r.report());
    assertTrue(r.report().startsWith(file("a.yaml") + ":3:9: unknown flag \"Internett\""), r.report());
  }

  @Test
  void parsesSingleTextsForEditors() {
    ProfileLoader.FileResult ok = loader.parse("name: X\npaths: [/x]\n", "x.yaml", "x");
    assertEquals("x", ok.profile().id());
    ProfileLoader.FileResult bad = loader.parse("name: X\n", "x.yaml", "x");
    assertNull(bad.profile());
    assertEquals(1, bad.errors().size());
  }
}
