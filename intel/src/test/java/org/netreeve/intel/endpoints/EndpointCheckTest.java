package org.netreeve.intel.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;

class EndpointCheckTest {

  @Test
  void checkPrintsOneWord() {
    EndpointTarget t = EndpointTarget.builder().domain("www.example.com").ip("93.184.216.34")
        .protocol(6).remotePort(443).build();
    assertEquals("permit", EndpointCheck.check("+ *.example.com TCP/443", t));
    assertEquals("deny", EndpointCheck.check("- .example.com", t));
    assertEquals("no-match", EndpointCheck.check("+ *.example.com UDP/443", t));
    assertEquals("no-match", EndpointCheck.check("- 10.0.0.0/8", t));
  }

  @Test
  void checkReportsUndeterminedAsNoMatchButTheLibrarySaysWhy() {
    EndpointTarget query = EndpointTarget.builder().domain("www.example.com").build();
    assertEquals("no-match", EndpointCheck.check("+ *.example.com TCP/443", query));
    assertEquals(EndpointDecision.UNDETERMINED,
        EndpointCheck.evaluate("+ *.example.com TCP/443", query).decision());
  }

  @Test
  void checkRejectsInvalidRulesWithColumn() {
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class,
        () -> EndpointCheck.check("+ *.example.com TCP/http2", EndpointTarget.builder().build()));
    assertEquals("column 21: expected a port number (1-65535) or a port name such as HTTPS or SSH, "
        + "got \"http2\"", e.getMessage());
  }

  @Test
  void targetBuilderFillsScopeFromTheAddress() {
    assertEquals(Scope.LAN, EndpointTarget.builder().ip("10.1.1.1").build().scope());
    assertEquals(Scope.INTERNET, EndpointTarget.builder().ip("100.64.0.1")
        .classifier(ScopeClassifier.builder().cgnat(Scope.INTERNET).build()).build().scope());
    assertEquals(Scope.LOCALHOST, EndpointTarget.builder().ip("10.1.1.1").scope(Scope.LOCALHOST).build().scope(),
        "an explicit scope wins");
    assertEquals(null, EndpointTarget.builder().domain("a.org").build().scope());
  }

  @Test
  void targetNormalisesItsFields() {
    EndpointTarget t = new EndpointTarget("WWW.Example.COM.", List.of("A.B.", ""), null, 0, 0, 0, null,
        "de", "eu", 0, java.util.Set.of("mal"));
    assertEquals("www.example.com", t.domain());
    assertEquals(List.of("a.b"), t.cnames());
    assertEquals("DE", t.country());
    assertEquals("EU", t.continent());
    assertEquals(java.util.Set.of("MAL"), t.lists());
    assertThrows(IllegalArgumentException.class,
        () -> new EndpointTarget(null, null, null, 300, 0, 0, null, null, null, 0, null));
    assertThrows(IllegalArgumentException.class,
        () -> new EndpointTarget(null, null, null, 6, 70000, 0, null, null, null, 0, null));
  }

  private static String batch(String input) throws IOException {
    StringWriter out = new StringWriter();
    new EndpointBatch().run(new StringReader(input), out);
    return out.toString();
  }

  @Test
  void batchAnswersEveryLine() throws IOException {
    String input = String.join("\n",
        "{\"rule\": \"+ *.example.com TCP/443\", \"domain\": \"www.example.com\", \"ip\": \"93.184.216.34\", \"proto\": 6, \"port\": 443}",
        "{\"rule\": \"- 10.0.0.0/8\", \"ip\": \"10.2.3.4\"}",
        "{\"rule\": \"+ LAN UDP/MDNS\", \"ip\": \"224.0.0.251\", \"proto\": \"udp\", \"port\": 5353}",
        "{\"rule\": \"+ LAN TCP/local:SSH\", \"ip\": \"192.168.0.9\", \"proto\": \"TCP\", \"port\": 50000, \"localPort\": 22}",
        "{\"rule\": \"- .tracker.net\", \"domain\": \"shop.com\", \"cnames\": [\"t.tracker.net\"]}",
        "{\"rule\": \"- L:MAL\", \"domain\": \"bad.org\", \"lists\": [\"mal\"], \"country\": \"DE\", \"asn\": 3320}",
        "{\"rule\": \"+ Internet\", \"scope\": \"internet\"}",
        "{\"rule\": \"+ example.com\"}");
    assertEquals("permit\ndeny\npermit\npermit\ndeny\ndeny\npermit\nno-match\n", batch(input));
  }

  @Test
  void batchReportsErrorsAndGoesOn() throws IOException {
    String input = String.join("\n",
        "{\"rule\": \"+ example.com\", \"domain\": \"example.com\"}",
        "not json",
        "[1, 2]",
        "{\"domain\": \"example.com\"}",
        "{\"rule\": \"+ exa*mple.com\"}",
        "{\"rule\": \"+ *\", \"ip\": \"300.1.1.1\"}",
        "{\"rule\": \"+ *\", \"proto\": \"XTP\"}",
        "{\"rule\": \"+ *\", \"proto\": 999}",
        "{\"rule\": \"+ *\", \"port\": 0}",
        "{\"rule\": \"+ *\", \"prot\": 6}",
        "{\"rule\": \"+ *\", \"rule\": \"- *\"}",
        "{\"rule\": 5}",
        "",
        "{\"rule\": \"+ *\", \"scope\": \"Mars\"}",
        "{\"rule\": \"+ *\", \"proto\": \"*\"}",
        "{\"rule\": \"+ *\"} trailing",
        "{\"rule\": \"- *\"}");
    StringWriter out = new StringWriter();
    EndpointBatch.Summary s = new EndpointBatch().run(new StringReader(input), out);
    List<String> lines = out.toString().lines().toList();
    assertEquals(17, lines.size());
    assertEquals("permit", lines.get(0));
    assertEquals("error: line 2: not valid JSON at column 4: Unrecognized token 'not': was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", lines.get(1));
    assertEquals("error: line 3: expected a JSON object such as {\"rule\": \"+ *\"}", lines.get(2));
    assertEquals("error: line 4: \"rule\" is missing", lines.get(3));
    assertEquals("error: line 5: rule: column 6: a * may only stand at the start or the end of a domain "
        + "pattern, got \"exa*mple.com\"", lines.get(4));
    assertEquals("error: line 6: ip: column 1: IPv4 address part 300 is above 255", lines.get(5));
    assertEquals("error: line 7: proto: expected a protocol (TCP, UDP, ICMP, ICMPv6, another name, a "
        + "number 1-255 or *), got \"XTP\"", lines.get(6));
    assertEquals("error: line 8: proto: protocol number 999 is out of range (1-255)", lines.get(7));
    assertEquals("error: line 9: port: port 0 is out of range (1-65535)", lines.get(8));
    assertEquals("error: line 10: unknown key \"prot\" (known: rule, domain, cnames, ip, proto, port, "
        + "localPort, scope, country, continent, asn, lists)", lines.get(9));
    assertEquals("error: line 11: not valid JSON at column 23: Duplicate field 'rule'", lines.get(10));
    assertEquals("error: line 12: rule: expected a string, got 5", lines.get(11));
    assertEquals("error: line 13: empty line, expected a JSON object such as {\"rule\": \"+ *\"}", lines.get(12));
    assertEquals("error: line 14: scope: expected one of Localhost, LAN, Multicast, Broadcast, Internet, "
        + "Invalid, got \"Mars\"", lines.get(13));
    assertEquals("error: line 15: proto: a connection has one protocol; \"*\" is for rules", lines.get(14));
    assertEquals(true, lines.get(15).startsWith("error: line 16: not valid JSON"), lines.get(15));
    assertEquals("deny", lines.get(16));
    assertEquals(new EndpointBatch.Summary(17, 15), s);
  }
}
