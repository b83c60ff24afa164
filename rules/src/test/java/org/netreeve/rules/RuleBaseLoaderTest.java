package org.netreeve.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleBaseException;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.rulebase.RuleError;
import org.netreeve.engine.rulebase.RuleFileCheck;
import org.netreeve.engine.rulebase.RuleIndex;

class RuleBaseLoaderTest {

  static final String GOOD = String.join("\n",
      "package site.rules;",
      "import org.netreeve.engine.facts.*;",
      "global org.netreeve.engine.decision.Ballot ballot;",
      "",
      "rule \"no telnet\"",
      "when",
      "  Connection(firstPacket, remotePort == 23, localPort > 0)",
      "then",
      "  ballot.block(kcontext, \"telnet is never allowed\");",
      "end",
      "");

  @TempDir
  Path dir;

  @Test
  void shippedRulesAreListedCompletely() throws Exception {
    RuleBase rb = RuleBaseLoader.standard().build(Map.of());
    // Every shipped rule is located by the index: audit records can always name file and line.
    int located = 0;
    for (var pkg : rb.kieBase().getKiePackages()) {
      for (var rule : pkg.getRules()) {
        RuleIndex.Location loc = rb.index().locate(pkg.getName(), rule.getName());
        assertNotNull(loc, "no source location for " + rule.getName());
        located++;
      }
    }
    assertEquals(rb.ruleCount(), located);
    assertTrue(rb.ruleCount() >= 25, "shipped rules: " + rb.ruleCount());
  }

  @Test
  void userRulesJoinTheShippedOnesAndAreLocated() throws Exception {
    RuleBase rb = RuleBaseLoader.standard().build(Map.of("/etc/netreeve/policy/rules/site.drl", GOOD));
    RuleIndex.Location loc = rb.index().locate("site.rules", "no telnet");
    assertEquals(new RuleIndex.Location("/etc/netreeve/policy/rules/site.drl", 5), loc);
    assertEquals(Set.of("localPort"), rb.reads(), "the cache must key on what user rules read");
  }

  @Test
  void compileErrorsNameFileAndLine() {
    String bad = GOOD.replace("remotePort == 23", "remotePortt == 23");
    RuleBaseException e = assertThrows(RuleBaseException.class,
        () -> RuleBaseLoader.standard().build(Map.of("/p/rules/bad.drl", bad)));
    RuleError first = e.errors().get(0);
    assertEquals("/p/rules/bad.drl", first.file());
    assertEquals(7, first.line());
    assertTrue(first.message().contains("remotePortt"), first.message());
  }

  @Test
  void syntaxErrorsNameFileAndLine() {
    String bad = GOOD.replace("then", "thne");
    RuleBaseException e = assertThrows(RuleBaseException.class,
        () -> RuleBaseLoader.standard().build(Map.of("/p/rules/syntax.drl", bad)));
    assertEquals("/p/rules/syntax.drl", e.errors().get(0).file());
    assertTrue(e.errors().get(0).line() >= 7, e.errors().toString());
  }

  @Test
  void refusesWorldWritableRuleFiles() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve("site.drl"), GOOD);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    RuleBaseException e = assertThrows(RuleBaseException.class, () -> RuleBaseLoader.standard().load(dir));
    assertTrue(e.errors().get(0).message().startsWith("refusing to load: writable by others"),
        e.errors().toString());
  }

  @Test
  void validateReportsWithoutThrowing() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = Files.writeString(dir.resolve("site.drl"), GOOD.replace("Connection(", "Connexion("));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    List<RuleError> errors = RuleBaseLoader.standard().validate(dir);
    assertEquals(f.toString(), errors.get(0).file());
  }

  @Test
  void compiledRulesAreReusedFromTheCache() throws Exception {
    Path cache = dir.resolve("compiled");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    RuleBaseLoader first = new RuleBaseLoader(getClass().getClassLoader(), RuleFileCheck.forCurrentUser(), cache);
    RuleBase a = first.build(Map.of("site.drl", GOOD));
    try (var s = Files.list(cache)) {
      assertEquals(1, s.filter(p -> p.toString().endsWith(".jar")).count());
    }
    RuleBaseLoader second = new RuleBaseLoader(getClass().getClassLoader(), RuleFileCheck.forCurrentUser(), cache);
    long t0 = System.nanoTime();
    RuleBase b = second.build(Map.of("site.drl", GOOD));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(a.ruleCount(), b.ruleCount());
    assertNotNull(b.index().locate("site.rules", "no telnet"));
    System.out.println("rule base from the compiled cache in " + ms + " ms");
  }
}
