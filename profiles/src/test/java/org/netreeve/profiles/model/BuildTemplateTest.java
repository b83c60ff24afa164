package org.netreeve.profiles.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BuildTemplateTest {

  private static String expand(String find, String build, String input) {
    Pattern p = Pattern.compile(find);
    BuildTemplate t = BuildTemplate.parse(build);
    t.checkAgainst(p);
    Matcher m = p.matcher(input);
    assertTrue(m.find());
    return t.expand(m);
  }

  @Test
  void expandsNumberedNamedAndBracedReferences() {
    assertEquals("/opt/app/run.py", expand("(\\S+)/(\\S+)", "$1/$2", "/opt/app/run.py"));
    assertEquals("/apps/org.x.Y", expand("--app=(?<id>\\S+)", "/apps/${id}", "bwrap --app=org.x.Y"));
    assertEquals("/v/a2", expand("(a)", "/v/${1}2", "a"));
    assertEquals("/cost/$5/a", expand("(a)", "/cost/$$5/$1", "a"));
    assertEquals("/x/l", expand("(a)|(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)", "/x/$12", "bcdefghijkl"));
  }

  @Test
  void missingParticipationGivesNull() {
    Pattern p = Pattern.compile("(a)|(b)");
    Matcher m = p.matcher("b");
    assertTrue(m.find());
    assertNull(BuildTemplate.parse("/$1").expand(m));
  }

  @Test
  void rejectsBadSyntaxWithOffsets() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> BuildTemplate.parse("/a/$"));
    assertEquals(3, e.offset());
    e = assertThrows(InvalidValueException.class, () -> BuildTemplate.parse("/a/${1"));
    assertEquals("\"${\" without a closing \"}\"", e.getMessage());
    e = assertThrows(InvalidValueException.class, () -> BuildTemplate.parse("/a/${}"));
    assertEquals("empty group reference \"${}\"", e.getMessage());
    e = assertThrows(InvalidValueException.class, () -> BuildTemplate.parse("x${a-b}"));
    assertEquals(3, e.offset());
    e = assertThrows(InvalidValueException.class, () -> BuildTemplate.parse("$1234"));
    assertEquals("group number 1234 is too large", e.getMessage());
  }

  @Test
  void checksReferencesAgainstTheRegex() {
    InvalidValueException e = assertThrows(InvalidValueException.class,
        () -> BuildTemplate.parse("/x/$1").checkAgainst(Pattern.compile("abc")));
    assertEquals("build refers to group 1, but find has no groups", e.getMessage());
    assertEquals(3, e.offset());
    e = assertThrows(InvalidValueException.class,
        () -> BuildTemplate.parse("$3").checkAgainst(Pattern.compile("(a)(b)")));
    assertEquals("build refers to group 3, but find has only 2 groups", e.getMessage());
    BuildTemplate.parse("${name}").checkAgainst(Pattern.compile("(?<name>a)+b"));
    e = assertThrows(InvalidValueException.class,
        () -> BuildTemplate.parse("${nam}").checkAgainst(Pattern.compile("(?<name>a)")));
    assertEquals("build refers to group \"nam\", but find has no group (?<nam>...)", e.getMessage());
  }

  @Test
  void frameworkRejectsIncoherentCombinations() {
    Pattern p = Pattern.compile("(a)");
    BuildTemplate b = BuildTemplate.parse("$1");
    assertThrows(IllegalArgumentException.class, () -> new Framework(p, null, false, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Framework(null, null, false, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Framework(p, b, false, 1, false));
    assertThrows(IllegalArgumentException.class, () -> new Framework(p, b, false, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Framework(null, null, true, 1, false));
    assertThrows(IllegalArgumentException.class, () -> Framework.parent(17, false));
    assertTrue(Framework.parent(16, true).goesToParent());
    assertTrue(Framework.rewrite(p, b, true).rewritesCommandLine());
  }
}
