package org.netreeve.daemon.cli;

import org.netreeve.net.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.daemon.Main;

/** The offline commands as a user runs them, on the example policy. */
class CliTest {

  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  record Run(int code, String out, String err) {}

  static synchronized Run run(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }

  @Test
  void decideExplainsTheVerdictAndTheDecidingRule() {
    Run r = run(null, "decide", "--policy", EXAMPLES.resolve("policy").toString(), "--exe", "/usr/bin/curl",
        "--domain", "pixel.tracker.example", "--ip", "93.184.216.34", "--port", "443");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Verdict:   PermanentBlock (mark 1711)"), r.out());
    assertTrue(r.out().contains("profile.endpoint-deny"), r.out());
    assertTrue(r.out().contains("curl.yaml"), r.out());
  }

  @Test
  void decideWithJsonPrintsTheAuditRecord() {
    Run r = run(null, "explain", "--policy", EXAMPLES.resolve("policy").toString(), "--exe", "/usr/bin/curl",
        "--stage", "before-intel", "--domain", "x.onion", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("{\"time\":"), r.out());
    assertTrue(r.out().contains("\"verdict\":\"Drop\"") && r.out().contains("\"name\":\"no onion names\""), r.out());
  }

  @Test
  void decideRejectsABadAddress() {
    Run r = run(null, "decide", "--policy", EXAMPLES.resolve("policy").toString(), "--exe", "/usr/bin/curl",
        "--ip", "example.com");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--ip must be an IP address"), r.err());
  }

  @Test
  void testRunsTheExampleScenarios() {
    Run r = run(null, "test", EXAMPLES.resolve("scenarios").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().matches("(?s).*\\d+ passed, 0 failed\\s*"), r.out());
  }

  @Test
  void testFailsAndExplainsAWrongExpectation(@TempDir Path dir) throws Exception {
    Path s = dir.resolve("wrong.yaml");
    Files.writeString(s, "policy: " + EXAMPLES.resolve("policy") + "\ncases:\n"
        + "  - name: curl to a tracker is allowed (wrong)\n    process: { exe: /usr/bin/curl }\n"
        + "    connection: { domain: a.tracker.example, ip: 93.184.216.34, port: 443 }\n"
        + "    expect: { verdict: accept }\n");
    Run r = run(null, "test", s.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("FAIL  " + s + ":3 curl to a tracker is allowed (wrong)"), r.out());
    assertTrue(r.out().contains("expected verdict accept, got PermanentBlock"), r.out());
    assertTrue(r.out().contains("decided by profile.endpoint-deny"), r.out());
  }

  @Test
  void profilesValidateReportsEveryErrorWithItsPosition(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "name: A\npaths: [/usr/bin/a]\nflags: [Internet, Teleport]\n");
    Files.writeString(dir.resolve("b.yaml"), "name: B\npaths: [/usr/bin/b]\nconnect-ports: [70000]\n");
    Run r = run(null, "profiles", "validate", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("a.yaml:3:"), r.out());
    assertTrue(r.out().contains("b.yaml:3:"), r.out());
    assertTrue(run(null, "profiles", "validate", EXAMPLES.resolve("policy").toString()).out().contains("valid"));
  }

  @Test
  void rulesValidateNamesFileAndLine(@TempDir Path dir) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path f = dir.resolve("bad.drl");
    Files.writeString(f, "package x;\nimport org.netreeve.engine.facts.*;\nglobal org.netreeve.engine.decision.Ballot ballot;\n"
        + "rule \"r\"\nwhen\n  Connection(remotePortt == 1)\nthen\nend\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    Run r = run(null, "rules", "validate", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains(f + ":6"), r.out());
  }

  @Test
  void endpointsCheckPrintsOneWord() {
    assertEquals("permit\n", run(null, "endpoints", "check", "--rule", "+ *.example.com TCP/443", "--domain",
        "www.example.com", "--proto", "TCP", "--port", "443").out());
    assertEquals("no-match\n", run(null, "endpoints", "check", "--rule", "+ *.example.com TCP/443", "--domain",
        "www.example.com", "--proto", "TCP", "--port", "80").out());
    assertEquals("deny\n", run(null, "endpoints", "check", "--rule", "- 10.0.0.0/8", "--ip", "10.1.2.3").out());
    Run bad = run(null, "endpoints", "check", "--rule", "+ example.com TCP/99999");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("invalid rule"), bad.err());
  }

  @Test
  void endpointsCheckBatchAnswersEveryLine() {
    String in = "{\"rule\": \"+ *.example.com TCP/443\", \"domain\": \"a.example.com\", \"proto\": 6, \"port\": 443}\n"
        + "{\"rule\": \"- LAN\", \"ip\": \"192.168.1.1\"}\n"
        + "{\"rule\": \"+ nonsense TCP/x\"}\n"
        + "not json\n";
    Run r = run(in, "endpoints", "check", "--batch", "-");
    String[] lines = r.out().split("\n");
    assertEquals(4, lines.length, r.out());
    assertEquals("permit", lines[0]);
    assertEquals("deny", lines[1]);
    assertTrue(lines[2].startsWith("error: "), lines[2]);
    assertTrue(lines[3].startsWith("error: "), lines[3]);
  }
}
