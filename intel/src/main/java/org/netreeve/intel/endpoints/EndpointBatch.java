package org.netreeve.intel.endpoints;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * Batch form of {@link EndpointCheck} for {@code netreeve endpoints check --batch}: reads JSON Lines
 * and writes one line per input line, the word ({@code permit}, {@code deny}, {@code no-match}) or
 * {@code error: line N: <message>}. A bad line never stops the batch.
 *
 * <p>Each input line is an object; only {@code rule} is required:
 *
 * <pre>
 * {"rule": "+ *.example.com TCP/443", "domain": "www.example.com", "ip": "93.184.216.34",
 *  "proto": 6, "port": 443}
 * </pre>
 *
 * Other keys: {@code cnames} (array of domains), {@code localPort}, {@code scope} (a scope name;
 * derived from {@code ip} when absent), {@code country}, {@code continent}, {@code asn},
 * {@code lists} (array of list ids). {@code proto} is a number or a name ({@code "TCP"}),
 * {@code port} a number or a port name. Unknown keys are errors, so typos do not pass silently.
 *
 * <p>An instance keeps a small cache of parsed rules and is not thread-safe; use one per batch.
 */
public final class EndpointBatch {

  private static final Set<String> KEYS = Set.of("rule", "domain", "cnames", "ip", "proto", "port",
      "localPort", "scope", "country", "continent", "asn", "lists");
  private static final int MAX_LINE = 1 << 20;
  private static final int CACHE_SIZE = 512;

  private final ObjectMapper json = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private final ScopeClassifier classifier;
  private final Map<String, EndpointRule> rules = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, EndpointRule> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** A batch that fills missing scopes with {@link ScopeClassifier#DEFAULT}. */
  public EndpointBatch() {
    this(ScopeClassifier.DEFAULT);
  }

  /** A batch that fills missing scopes with the given classifier. */
  public EndpointBatch(ScopeClassifier classifier) {
    this.classifier = classifier;
  }

  /** How many lines a batch read and how many of them were errors. */
  public record Summary(int lines, int errors) {}

  /**
   * Processes every line of {@code in}, writing one line per input line to {@code out}. Output is
   * flushed whenever the input has nothing more buffered, so an interactive pipe gets its answers.
   *
   * @throws IOException only when reading or writing itself fails
   */
  public Summary run(Reader in, Writer out) throws IOException {
    BufferedReader reader = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    int lines = 0;
    int errors = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lines++;
      String answer = answer(line, lines);
      if (answer.startsWith("error: ")) {
        errors++;
      }
      out.write(answer);
      out.write('\n');
      if (!reader.ready()) {
        out.flush();
      }
    }
    out.flush();
    return new Summary(lines, errors);
  }

  /**
   * The answer for one input line: "permit", "deny", "no-match" or "error: line N: ...".
   *
   * @param lineNumber the 1-based line number used in error messages
   */
  public String answer(String line, int lineNumber) {
    try {
      return evaluate(line);
    } catch (BatchException e) {
      return "error: line " + lineNumber + ": " + e.getMessage();
    } catch (RuntimeException e) {
      // A bug must not end the batch either; say what happened on this line.
      return "error: line " + lineNumber + ": internal error: " + e;
    }
  }

  private String evaluate(String line) {
    if (line.isBlank()) {
      throw new BatchException("empty line, expected a JSON object such as {\"rule\": \"+ *\"}");
    }
    if (line.length() > MAX_LINE) {
      throw new BatchException("line is longer than " + MAX_LINE + " characters");
    }
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw new BatchException("not valid JSON"
          + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "") + ": "
          + firstLine(e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new BatchException("expected a JSON object such as {\"rule\": \"+ *\"}");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new BatchException("unknown key \"" + key + "\" (known: rule, domain, cnames, ip, "
            + "proto, port, localPort, scope, country, continent, asn, lists)");
      }
    }
    String ruleText = text(node, "rule");
    if (ruleText == null) {
      throw new BatchException("\"rule\" is missing");
    }
    EndpointRule rule = rules.get(ruleText);
    if (rule == null) {
      try {
        rule = EndpointRuleParser.parse(ruleText);
      } catch (EndpointSyntaxException e) {
        throw new BatchException("rule: " + e.getMessage());
      }
      rules.put(ruleText, rule);
    }
    return EndpointCheck.word(rule.match(target(node)));
  }

  private EndpointTarget target(JsonNode node) {
    EndpointTarget.Builder b = EndpointTarget.builder().classifier(classifier);
    b.domain(text(node, "domain"));
    b.cnames(textList(node, "cnames"));
    String ip = text(node, "ip");
    if (ip != null) {
      try {
        b.ip(ip);
      } catch (EndpointSyntaxException e) {
        throw new BatchException("ip: " + e.getMessage());
      }
    }
    b.protocol(protocol(node));
    b.remotePort(port(node, "port"));
    b.localPort(port(node, "localPort"));
    String scope = text(node, "scope");
    if (scope != null) {
      Scope s = Scope.fromName(scope);
      if (s == null) {
        throw new BatchException("scope: expected one of " + Scope.ruleNames() + ", got \"" + scope + "\"");
      }
      b.scope(s);
    }
    b.country(text(node, "country"));
    b.continent(text(node, "continent"));
    JsonNode asn = node.get("asn");
    if (asn != null && !asn.isNull()) {
      if (!asn.canConvertToLong() || !asn.isIntegralNumber() || asn.asLong() < 0
          || asn.asLong() > 0xFFFFFFFFL) {
        throw new BatchException("asn: expected a number 0-4294967295, got " + asn);
      }
      b.asn(asn.asLong());
    }
    List<String> lists = textList(node, "lists");
    b.lists(node.hasNonNull("lists") ? new HashSet<>(lists) : null);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new BatchException(e.getMessage());
    }
  }

  private static int protocol(JsonNode node) {
    JsonNode p = node.get("proto");
    if (p == null || p.isNull()) {
      return 0;
    }
    if (p.isIntegralNumber()) {
      int n = p.canConvertToInt() ? p.asInt() : -1;
      if (n < 1 || n > 255) {
        throw new BatchException("proto: protocol number " + p + " is out of range (1-255)");
      }
      return n;
    }
    if (p.isTextual()) {
      try {
        int n = EndpointRuleParser.protocol(p.asText(), 0);
        if (n == EndpointRule.ANY_PROTOCOL) {
          throw new BatchException("proto: a connection has one protocol; \"*\" is for rules");
        }
        return n;
      } catch (EndpointSyntaxException e) {
        throw new BatchException("proto: " + e.detail());
      }
    }
    throw new BatchException("proto: expected a protocol number or name, got " + p);
  }

  private static int port(JsonNode node, String key) {
    JsonNode p = node.get(key);
    if (p == null || p.isNull()) {
      return 0;
    }
    if (p.isIntegralNumber()) {
      int n = p.canConvertToInt() ? p.asInt() : -1;
      if (n < 1 || n > 65535) {
        throw new BatchException(key + ": port " + p + " is out of range (1-65535)");
      }
      return n;
    }
    if (p.isTextual()) {
      int n = NamedPort.lookup(p.asText());
      if (n < 0) {
        throw new BatchException(key + ": expected a port number or name such as HTTPS, got " + p);
      }
      return n;
    }
    throw new BatchException(key + ": expected a port number or name, got " + p);
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BatchException(key + ": expected a string, got " + v);
    }
    return v.asText();
  }

  private static List<String> textList(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new BatchException(key + ": expected an array of strings, got " + v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new BatchException(key + ": expected an array of strings, got element " + e);
      }
      out.add(e.asText());
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A user error on one batch line; its message becomes the "error:" answer. */
  private static final class BatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BatchException(String message) {
      super(message, null, false, false);
    }
  }
}
