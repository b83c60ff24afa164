package org.netreeve.profiles.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per validation rule: each writes a profile directory, loads it and asserts the exact
 * error (file, line, column, message) or warning.
 */
class ProfileValidationTest {

  private static final String KNOWN_KEYS = "name, description, paths, default, security-level, flags, "
      + "domain-whitelist, keywords, connect-ports, listen-ports, endpoints, incoming, default-action, "
      + "filter-lists, require-tls, framework, special";

  @TempDir
  Path dir;

  private final ProfileLoader loader = new ProfileLoader();

  private String write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p.toString();
  }

  /** Loads a directory holding only app.yaml and returns its single error. */
  private ProfileError onlyError(String yaml) throws IOException {
    write("app.yaml", yaml);
    LoadResult r = loader.load(dir);
    assertEquals(1, r.errors().size(), r.report());
    return r.errors().get(0);
  }

  private ProfileWarning onlyWarning(String yaml) throws IOException {
    write("app.yaml", yaml);
    LoadResult r = loader.load(dir);
    assertTrue(r.ok(), r.report());
    assertEquals(1, r.warnings().size(), r.report());
    return r.warnings().get(0);
  }

  private ProfileError error(int line, int column, String message) {
    return new ProfileError(dir.resolve("app.yaml").toString(), line, column, message);
  }

  private ProfileWarning warning(int line, int column, String message) {
    return new ProfileWarning(dir.resolve("app.yaml").toString(), line, column, message);
  }

  // ---- keys and types

  @Test
  void unknownKeySuggestsTheClosestOne() throws IOException {
    assertEquals(error(3, 1, "unknown key \"flag\" (did you mean \"flags\"?); known keys: " + KNOWN_KEYS),
        onlyError("name: A\npaths: [/bin/a]\nflag: [Internet]\n"));
  }

  @Test
  void unknownKeySuggestsByAlias() throws IOException {
    assertEquals(error(3, 1, "unknown key \"minimum-security-level\" (did you mean \"security-level\"?); "
        + "known keys: " + KNOWN_KEYS),
        onlyError("name: A\npaths: [/bin/a]\nminimum-security-level: Secure\n"));
  }

  @Test
  void unknownKeyWithoutCloseMatchListsTheKnownOnes() throws IOException {
    assertEquals(error(3, 1, "unknown key \"colour\"; known keys: " + KNOWN_KEYS),
        onlyError("name: A\npaths: [/bin/a]\ncolour: blue\n"));
  }

  @Test
  void duplicateKeyNamesTheFirstOne() throws IOException {
    assertEquals(error(3, 1, "duplicate key \"name\" (first given at line 1)"),
        onlyError("name: A\npaths: [/bin/a]\nname: B\n"));
  }

  @Test
  void textKeyGivenAList() throws IOException {
    assertEquals(error(1, 7, "expected a text value for \"name\", got a list"),
        onlyError("name: [A, B]\npaths: [/bin/a]\n"));
  }

  @Test
  void booleanKeyGivenYes() throws IOException {
    assertEquals(error(3, 10, "expected true or false for \"default\", got \"yes\""),
        onlyError("name: A\npaths: [/opt/a]\ndefault: yes\n"));
  }

  @Test
  void listKeyGivenAScalar() throws IOException {
    assertEquals(error(3, 8, "expected a list of flag names for \"flags\", got \"Internet\""),
        onlyError("name: A\npaths: [/bin/a]\nflags: Internet\n"));
  }

  @Test
  void listItemGivenAMapping() throws IOException {
    assertEquals(error(3, 5, "expected one of absolute executable paths in \"paths\", got a mapping"),
        onlyError("name: A\npaths:\n  - {a: b}\n"));
  }

  @Test
  void customYamlTagsAreRefused() throws IOException {
    assertEquals(error(1, 7, "YAML tags such as !custom are not supported in profiles"),
        onlyError("name: !custom A\npaths: [/bin/a]\n"));
    assertEquals(error(1, 7, "YAML syntax: Global tag is not allowed: tag:yaml.org,2002:python/name"),
        onlyError("name: !!python/name A\npaths: [/bin/a]\n"));
  }

  // ---- required keys

  @Test
  void missingName() throws IOException {
    assertEquals(error(1, 1, "missing required key \"name\""), onlyError("paths: [/bin/a]\n"));
  }

  @Test
  void emptyName() throws IOException {
    assertEquals(error(1, 7, "\"name\" must not be empty"), onlyError("name: ''\npaths: [/bin/a]\n"));
  }

  @Test
  void missingPaths() throws IOException {
    assertEquals(error(1, 1, "missing required key \"paths\" (the executables this profile is for)"),
        onlyError("name: A\nflags: [Internet]\n"));
  }

  // ---- paths

  @Test
  void relativePath() throws IOException {
    assertEquals(error(2, 17, "expected an absolute path (starting with /), got \"bin/a\""),
        onlyError("name: A\npaths: [/bin/b, bin/a]\n"));
  }

  @Test
  void pathWithDotDot() throws IOException {
    assertEquals(error(3, 5, "expected a plain absolute path without \"//\", \".\" or \"..\" parts, got "
        + "\"/opt/../bin/a\""), onlyError("name: A\npaths:\n  - /opt/../bin/a\n"));
  }

  @Test
  void pathListedTwice() throws IOException {
    assertEquals(error(2, 17, "path \"/bin/a\" is listed twice"),
        onlyError("name: A\npaths: [/bin/a, /bin/a]\n"));
  }

  @Test
  void folderAsExactPath() throws IOException {
    assertEquals(error(2, 9, "path \"/opt/app/\" is a folder; an exact path names an executable, and a "
        + "folder needs \"default: true\""), onlyError("name: A\npaths: [/opt/app/]\n"));
  }

  @Test
  void emptyPaths() throws IOException {
    assertEquals(error(2, 8, "\"paths\" is empty; list at least one absolute path"),
        onlyError("name: A\npaths: []\n"));
  }

  // ---- values

  @Test
  void badSecurityLevel() throws IOException {
    assertEquals(error(3, 17, "unknown security level \"Fortres\" (did you mean \"Fortress\"?); expected "
        + "Dynamic, Secure or Fortress"), onlyError("name: A\npaths: [/bin/a]\nsecurity-level: Fortres\n"));
  }

  @Test
  void unknownFlag() throws IOException {
    assertEquals(error(3, 19, "unknown flag \"LocalNetwork\" (did you mean \"LocalNet\"?); known flags: "
        + "System, Admin, User, Internet, LocalNet, Strict, Service, DirectConnect, Gateway, Browser"),
        onlyError("name: A\npaths: [/bin/a]\nflags: [Internet, LocalNetwork]\n"));
  }

  @Test
  void unknownDefaultActionSuggestsByAlias() throws IOException {
    assertEquals(error(3, 17, "unknown default action \"deny\" (did you mean \"block\"?); expected permit, "
        + "block or drop"), onlyError("name: A\npaths: [/bin/a]\ndefault-action: deny\n"));
  }

  @Test
  void unknownSpecial() throws IOException {
    assertEquals(error(2, 10, "unknown special profile \"kernal\" (did you mean \"kernel\"?); expected "
        + "unidentified, kernel, resolver or self"), onlyError("name: A\nspecial: kernal\n"));
  }

  @Test
  void badPortNumber() throws IOException {
    assertEquals(error(3, 22, "bad port in \"connect-ports\": port 70000 is out of range (1-65535)"),
        onlyError("name: A\npaths: [/bin/a]\nconnect-ports: [443, 70000]\n"));
  }

  @Test
  void badPortRangePointsAtTheRange() throws IOException {
    assertEquals(error(3, 17, "bad port in \"connect-ports\": port range 9000-8000 starts above its end "
        + "(9000 > 8000)"), onlyError("name: A\npaths: [/bin/a]\nconnect-ports: [9000-8000]\n"));
  }

  @Test
  void badPortNameInsideQuotesPointsInsideTheQuotes() throws IOException {
    assertEquals(error(4, 22, "bad port in \"listen-ports\": expected a port number (1-65535) or a port "
        + "name such as HTTPS or SSH, got \"WEB\""),
        onlyError("name: A\npaths: [/bin/a]\nflags: [Service]\nlisten-ports: ['8000-WEB']\n"));
  }

  @Test
  void emptyPortList() throws IOException {
    assertEquals(error(3, 16, "\"connect-ports\" is empty, which would allow no port; remove the key to "
        + "allow all ports, or list the allowed ones"), onlyError("name: A\npaths: [/bin/a]\nconnect-ports: []\n"));
  }

  @Test
  void badDomainPatternPointsAtTheCharacter() throws IOException {
    assertEquals(error(4, 8, "bad domain pattern \"exa*mple.com\": a * may only stand at the start or the "
        + "end of a domain pattern, got \"exa*mple.com\""),
        onlyError("name: A\npaths: [/bin/a]\ndomain-whitelist:\n  - exa*mple.com\n"));
  }

  @Test
  void emptyDomainWhitelist() throws IOException {
    assertEquals(error(3, 19, "\"domain-whitelist\" is empty, which would deny every domain; remove the "
        + "key to allow all domains, or list the allowed ones"),
        onlyError("name: A\npaths: [/bin/a]\ndomain-whitelist: []\n"));
  }

  @Test
  void badKeyword() throws IOException {
    assertEquals(error(3, 12, "expected a keyword of letters, digits and '-' (matched inside domain names), "
        + "got \"fire fox\""), onlyError("name: A\npaths: [/bin/a]\nkeywords: [fire fox]\n"));
  }

  @Test
  void badFilterListId() throws IOException {
    assertEquals(error(3, 21, "expected a filter list id or category (letters, digits, '-', '_'), got "
        + "\"TR AC\""), onlyError("name: A\npaths: [/bin/a]\nfilter-lists: [MAL, TR AC]\n"));
  }

  // ---- endpoint rules

  @Test
  void badEndpointRulePointsAtTheRulesOwnColumn() throws IOException {
    assertEquals(error(4, 25, "bad endpoint rule \"+ *.example.com TCP/70000\": port 70000 is out of range "
        + "(1-65535)"), onlyError("name: A\npaths: [/bin/a]\nendpoints:\n  - + *.example.com TCP/70000\n"));
  }

  @Test
  void badQuotedEndpointRuleColumnSkipsTheQuote() throws IOException {
    assertEquals(error(4, 8, "bad endpoint rule \"- 10.0.0.1/8\": \"10.0.0.1/8\" has host bits set beyond "
        + "/8; did you mean 10.0.0.0/8?"), onlyError("name: A\npaths: [/bin/a]\nendpoints:\n  - \"- 10.0.0.1/8\"\n"));
  }

  @Test
  void badEndpointRuleInABlock() throws IOException {
    assertEquals(error(6, 5, "bad endpoint rule \"+ @home TCP/22\": expected an entity (*, a domain, an IP "
        + "or CIDR, a scope, a country, C:continent, ASnumber or L:lists), got \"@home\""),
        onlyError("name: A\npaths: [/bin/a]\nendpoints: |\n  + LAN\n\n  + @home TCP/22\n  - *\n"));
  }

  @Test
  void unquotedDenyRuleInAListGetsAHint() throws IOException {
    assertEquals(error(4, 5, "expected an endpoint rule in \"endpoints\", got a list: a rule that starts "
        + "with \"-\" must be quoted in a YAML list (- \"- 10.0.0.0/8\"), or write the rules as a | block"),
        onlyError("name: A\npaths: [/bin/a]\nendpoints:\n  - - 10.0.0.0/8\n"));
  }

  // ---- framework

  @Test
  void badRegexPointsAtTheError() throws IOException {
    ProfileError e = onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n"
        + "  find: '^python3 (/[^ ]+\\.py'\n  build: $1\n");
    assertEquals(error(4, 30, "bad regular expression in \"find\": Unclosed group"), e);
  }

  @Test
  void buildRefersToAMissingGroup() throws IOException {
    assertEquals(error(5, 19, "bad \"build\": build refers to group 2, but find has only 1 group"),
        onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n"
            + "  find: 'python3 (\\S+)'\n  build: '/opt/$1/$2'\n"));
  }

  @Test
  void buildRefersToAMissingNamedGroup() throws IOException {
    assertEquals(error(5, 10, "bad \"build\": build refers to group \"script\", but find has no group "
        + "(?<script>...)"), onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n"
            + "  find: 'python3 (?<file>\\S+)'\n  build: ${script}\n"));
  }

  @Test
  void buildWithAStrayDollar() throws IOException {
    assertEquals(error(5, 15, "bad \"build\": expected a group number ($1), a group reference (${1}, "
        + "${name}) or $$ after \"$\""), onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n"
            + "  find: '(\\S+)'\n  build: /opt/$x\n"));
  }

  @Test
  void findWithoutBuild() throws IOException {
    assertEquals(error(4, 9, "\"find\" needs \"build\" to make the new path from its groups"),
        onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n  find: '(\\S+)'\n"));
  }

  @Test
  void buildWithoutFind() throws IOException {
    assertEquals(error(4, 10, "\"build\" needs \"find\", the regex whose groups it uses"),
        onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n  build: /x\n"));
  }

  @Test
  void frameworkWithoutAnyWay() throws IOException {
    assertEquals(error(4, 3, "a framework needs \"find\" and \"build\" (rewrite the command line) or "
        + "\"find-parent-level\" (go up the process tree)"),
        onlyError("name: Python\npaths: [/usr/bin/python3]\nframework:\n  virtual: false\n"));
  }

  @Test
  void frameworkRewritingAndGoingToParent() throws IOException {
    assertEquals(error(6, 3, "a framework either rewrites the command line (find/build) or goes up the "
        + "process tree (find-parent-level), not both"),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find: '(\\S+)'\n  build: $1\n"
            + "  find-parent-level: 1\n"));
  }

  @Test
  void mergeWithParentWithoutParentLevel() throws IOException {
    assertEquals(error(6, 3, "\"merge-with-parent\" needs \"find-parent-level\""),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find: '(\\S+)'\n  build: $1\n"
            + "  merge-with-parent: true\n"));
  }

  @Test
  void virtualWithoutBuild() throws IOException {
    assertEquals(error(5, 3, "\"virtual\" applies to a built path; it needs \"find\" and \"build\""),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find-parent-level: 1\n  virtual: true\n"));
  }

  @Test
  void parentLevelOutOfRange() throws IOException {
    assertEquals(error(4, 22, "\"find-parent-level\" must be 1-16, got 17"),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find-parent-level: 17\n"));
  }

  @Test
  void parentLevelNotANumber() throws IOException {
    assertEquals(error(4, 22, "expected a number of levels (1-16) for \"find-parent-level\", got \"two\""),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find-parent-level: two\n"));
  }

  @Test
  void unknownFrameworkKey() throws IOException {
    assertEquals(error(5, 3, "unknown key \"parent-level\" in \"framework\" (did you mean "
        + "\"find-parent-level\"?); known keys: find, build, virtual, find-parent-level, merge-with-parent"),
        onlyError("name: P\npaths: [/usr/bin/p]\nframework:\n  find-parent-level: 1\n  parent-level: 2\n"));
  }

  @Test
  void frameworkNotAMapping() throws IOException {
    assertEquals(error(3, 12, "expected a mapping for \"framework\" (find/build or find-parent-level), got "
        + "\"python\""), onlyError("name: P\npaths: [/usr/bin/p]\nframework: python\n"));
  }

  @Test
  void defaultProfileCannotBeAFramework() throws IOException {
    assertEquals(error(4, 1, "a framework profile matches exact paths; it cannot be a default (folder) "
        + "profile"), onlyError("name: P\npaths: [/opt/p]\ndefault: true\nframework:\n  find-parent-level: 1\n"));
  }

  // ---- special profiles

  @Test
  void specialMatchedByPidCannotHavePaths() throws IOException {
    assertEquals(error(3, 1, "the special profile \"kernel\" is not matched by path (it is the kernel); "
        + "remove \"paths\""), onlyError("name: K\nspecial: kernel\npaths: [/boot/vmlinuz]\n"));
  }

  @Test
  void resolverNeedsPaths() throws IOException {
    assertEquals(error(1, 1, "missing required key \"paths\" (the executables this profile is for)"),
        onlyError("name: R\nspecial: resolver\n"));
  }

  @Test
  void specialCannotBeDefaultOrFramework() throws IOException {
    write("app.yaml", "name: R\nspecial: resolver\npaths: [/usr/sbin]\ndefault: true\n"
        + "framework:\n  find-parent-level: 1\n");
    LoadResult r = loader.load(dir);
    assertEquals(List.of(
        error(4, 1, "a special profile cannot be a default (folder) profile"),
        error(5, 1, "a special profile cannot be a framework profile"),
        error(5, 1, "a framework profile matches exact paths; it cannot be a default (folder) profile")),
        r.errors());
  }

  @Test
  void twoProfilesForOneSpecial() throws IOException {
    String a = write("a.yaml", "name: A\nspecial: self\n");
    String b = write("b.yaml", "name: B\nflags: [System]\nspecial: self\n");
    LoadResult r = loader.load(dir);
    assertEquals(List.of(new ProfileError(b, 3, 1, "there is already a \"self\" special profile: a ("
        + a + ":2:1)")), r.errors());
  }

  // ---- across files

  @Test
  void twoProfilesClaimingTheSameExactPath() throws IOException {
    String a = write("curl.yaml", "name: curl\npaths: [/usr/bin/curl]\n");
    String b = write("tools/fetch.yaml", "name: fetch\npaths:\n  - /usr/bin/wget\n  - /usr/bin/curl\n");
    LoadResult r = loader.load(dir);
    assertEquals(List.of(new ProfileError(b, 4, 5, "path \"/usr/bin/curl\" is already claimed by profile "
        + "\"curl\" (" + a + ":2:9)")), r.errors());
  }

  @Test
  void twoDefaultProfilesForTheSameFolder() throws IOException {
    String a = write("a.yaml", "name: A\ndefault: true\npaths: [/opt/vendor]\n");
    String b = write("b.yaml", "name: B\ndefault: true\npaths: [/opt/vendor/]\n");
    LoadResult r = loader.load(dir);
    assertEquals(List.of(new ProfileError(b, 3, 9, "folder \"/opt/vendor\" already has a default profile: "
        + "\"a\" (" + a + ":3:9)")), r.errors());
  }

  @Test
  void exactAndDefaultProfileMayShareAPath() throws IOException {
    write("a.yaml", "name: A\ndefault: true\npaths: [/opt/app]\n");
    write("b.yaml", "name: B\npaths: [/opt/app]\n");
    assertTrue(loader.load(dir).ok());
  }

  @Test
  void twoFilesWithTheSameId() throws IOException {
    String a = write("app.yaml", "name: A\npaths: [/bin/a]\n");
    String b = write("app.yml", "name: B\npaths: [/bin/b]\n");
    LoadResult r = loader.load(dir);
    assertEquals(List.of(new ProfileError(b, 0, 0, "profile id \"app\" is also the id of " + a
        + "; rename one of the files")), r.errors());
  }

  // ---- file level

  @Test
  void yamlSyntaxErrorHasLineAndColumn() throws IOException {
    ProfileError e = onlyError("name: A\npaths: [/bin/a\nflags: [Internet]\n");
    assertEquals(3, e.line());
    assertEquals(6, e.column());
    assertTrue(e.message().startsWith("YAML syntax: while parsing a flow sequence: expected ',' or ']'"),
        e.message());
  }

  @Test
  void twoDocumentsInOneFile() throws IOException {
    assertEquals(error(4, 1, "a profile file holds one profile; found a second YAML document"),
        onlyError("name: A\npaths: [/bin/a]\n---\nname: B\npaths: [/bin/b]\n"));
  }

  @Test
  void emptyFile() throws IOException {
    assertEquals(error(1, 1, "empty profile; expected a mapping with at least \"name\" and \"paths\""),
        onlyError("# nothing here\n"));
  }

  @Test
  void topLevelList() throws IOException {
    assertEquals(error(1, 1, "expected a mapping of profile keys (name: ..., paths: ...), got a list"),
        onlyError("- name: A\n"));
  }

  @Test
  void notUtf8() throws IOException {
    Files.write(dir.resolve("app.yaml"), "name: caf\u00e9\npaths: [/bin/a]\n".getBytes(StandardCharsets.ISO_8859_1));
    LoadResult r = loader.load(dir);
    assertEquals(List.of(error(0, 0, "not valid UTF-8 text")), r.errors());
    assertEquals(dir.resolve("app.yaml") + ": not valid UTF-8 text", r.errors().get(0).format());
  }

  @Test
  void aliasBombIsRefused() throws IOException {
    StringBuilder y = new StringBuilder("name: A\npaths: [/bin/a]\nkeywords: &a [x]\n");
    y.append("description: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n");
    ProfileError e = onlyError(y.toString());
    assertTrue(e.message().contains("aliases"), e.message());
  }

  @Test
  void errorsFormatLikeACompiler() throws IOException {
    ProfileError e = onlyError("name: A\npaths: [/bin/a]\nflag: [Internet]\n");
    assertEquals(dir.resolve("app.yaml") + ":3:1: unknown key \"flag\" (did you mean \"flags\"?); known keys: "
        + KNOWN_KEYS, e.format());
  }

  // ---- warnings

  @Test
  void listenPortsWithoutServiceWarns() throws IOException {
    assertEquals(warning(3, 1, "\"listen-ports\" has no effect without the Service flag, which is needed to "
        + "listen at all"), onlyWarning("name: A\npaths: [/bin/a]\nlisten-ports: [8080]\n"));
  }

  @Test
  void incomingWithoutServiceWarns() throws IOException {
    assertEquals(warning(3, 1, "\"incoming\" rules have no effect without the Service flag, which is "
        + "needed to accept connections at all"), onlyWarning("name: A\npaths: [/bin/a]\nincoming: [\"+ LAN\"]\n"));
  }

  @Test
  void incomingRuleOnTheRemotePortWarns() throws IOException {
    assertEquals(warning(5, 0, "incoming rule \"+ LAN TCP/22\" matches the peer's port; to match the port "
        + "this application listens on write local:PORT (e.g. TCP/local:22)"),
        onlyWarning("name: A\npaths: [/bin/a]\nflags: [Service]\nincoming:\n  - + LAN TCP/22\n"));
  }

  @Test
  void strictWithoutKeywordsWarns() throws IOException {
    assertEquals(warning(4, 1, "the Strict flag relates domains through keywords, but this profile has "
        + "none, so every domain counts as unrelated"),
        onlyWarning("name: A1\npaths: [/bin/a]\nflags: [Strict]\nkeywords: []\n"));
  }

  @Test
  void systemAndUserTogetherWarns() throws IOException {
    assertEquals(warning(3, 1, "flags System and User together: no user can be both, so the application is "
        + "always denied"), onlyWarning("name: A\npaths: [/bin/a]\nflags: [System, User]\n"));
  }

  @Test
  void duplicateFlagWarns() throws IOException {
    assertEquals(warning(3, 19, "flag Internet is listed twice"),
        onlyWarning("name: A\npaths: [/bin/a]\nflags: [Internet, internet]\n"));
  }

  @Test
  void shortKeywordWarns() throws IOException {
    assertEquals(warning(3, 12, "keyword \"ad\" is very short and relates many unrelated domains"),
        onlyWarning("name: A\npaths: [/bin/a]\nkeywords: [ad]\n"));
  }
}
