package org.netreeve.engine.rulebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RuleIndexTest {

  @Test
  void locatesRulesByPackageAndName() {
    RuleIndex index = new RuleIndex();
    index.add("a.drl", String.join("\n",
        "package my.rules;",
        "",
        "rule \"no telnet\"",
        "when then end",
        "/* rule \"commented out\"",
        "   still a comment */",
        "rule 'single quoted' @stage(link)",
        "when then end",
        "  rule bare_name",
        "when then end"));
    assertEquals(new RuleIndex.Location("a.drl", 3), index.locate("my.rules", "no telnet"));
    assertEquals(7, index.locate("my.rules", "single quoted").line());
    assertEquals(9, index.locate("my.rules", "bare_name").line());
    assertNull(index.locate("my.rules", "commented out"));
    assertNull(index.locate("other", "no telnet"));
  }

  @Test
  void copyIsIndependent() {
    RuleIndex a = new RuleIndex();
    a.add("a.drl", "package p;\nrule \"x\" when then end");
    RuleIndex b = a.copy();
    b.add("b.drl", "package p;\nrule \"y\" when then end");
    assertEquals(1, a.size());
    assertEquals(2, b.size());
  }
}
