package org.netreeve.intel.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainPatternTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "example.com, example.com, true",
      "example.com, www.example.com, false",
      "example.com, myexample.com, false",
      "Example.COM., example.com, true",
      ".example.com, example.com, true",
      ".example.com, www.example.com, true",
      ".example.com, a.b.example.com, true",
      ".example.com, myexample.com, false",
      ".example.com, example.com.evil.net, false",
      "*.example.com, example.com, false",
      "*.example.com, www.example.com, true",
      "*.example.com, myexample.com, false",
      "*example.com, example.com, true",
      "*example.com, www.example.com, true",
      "*example.com, myexample.com, true",
      "*example.com, example.org, false",
      "example.*, example.com, true",
      "example.*, example.co.uk, true",
      "example.*, www.example.com, false",
      "example.*, examples.com, false",
      "*tracker*, tracker.net, true",
      "*tracker*, ads.mytrackers.com, true",
      "*tracker*, track.er, false",
      "*.example.*, www.example.com, true",
      "*.example.*, example.com, false",
  })
  void matchesEachForm(String pattern, String domain, boolean expected) {
    assertEquals(expected, DomainPattern.parse(pattern).matches(domain));
  }

  @Test
  void recognisesKinds() {
    assertEquals(DomainPattern.Kind.EXACT, DomainPattern.parse("a.example.com").kind());
    assertEquals(DomainPattern.Kind.ZONE, DomainPattern.parse(".example.com").kind());
    assertEquals(DomainPattern.Kind.SUBDOMAINS, DomainPattern.parse("*.example.com").kind());
    assertEquals(DomainPattern.Kind.SUFFIX, DomainPattern.parse("*example.com").kind());
    assertEquals(DomainPattern.Kind.PREFIX, DomainPattern.parse("example.*").kind());
    assertEquals(DomainPattern.Kind.CONTAINS, DomainPattern.parse("*ads*").kind());
  }

  @Test
  void keepsWrittenTextAndCanonicalForm() {
    DomainPattern p = DomainPattern.parse(".Example.COM.");
    assertEquals(".Example.COM.", p.text());
    assertEquals("example.com", p.value());
    assertEquals(".example.com", p.canonical());
    assertEquals("*.example.com", DomainPattern.parse("*.EXAMPLE.com").canonical());
  }

  @Test
  void convertsInternationalisedNamesToPunycode() {
    DomainPattern p = DomainPattern.parse(".bücher.de");
    assertEquals("xn--bcher-kva.de", p.value());
    assertTrue(p.matches("shop.xn--bcher-kva.de"));
  }

  @Test
  void underscoreLabelsAreAllowed() {
    assertTrue(DomainPattern.parse("_dmarc.example.com").matches("_dmarc.example.com"));
  }

  @Test
  void normalisesTargetDomains() {
    assertEquals("www.example.com", DomainPattern.normalise("WWW.Example.com."));
    assertNull(DomainPattern.normalise("."));
    assertNull(DomainPattern.normalise(""));
    assertNull(DomainPattern.normalise(null));
    assertFalse(DomainPattern.parse("example.com").matches(null));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "exa*mple.com | 4 | a * may only stand at the start or the end of a domain pattern, got \"exa*mple.com\"",
      "example..com | 9 | empty label in domain \"example..com\" (two dots, or a dot at the start or end)",
      "exa mple.com | 4 | unexpected character ' ' in domain \"exa mple.com\" (letters, digits, '-', '_' and '.' are allowed)",
      "*.           | 3 | expected a domain name, got nothing",
      "**           | 1 | expected a domain between the stars, got \"**\"",
      "*            | 1 | a bare * is not a domain pattern; write a domain such as example.com or .example.com",
      "..example.com| 2 | empty label in domain \"..example.com\" (two dots, or a dot at the start or end)",
  })
  void reportsErrorsWithColumns(String pattern, int column, String detail) {
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class,
        () -> DomainPattern.parse(pattern));
    assertEquals(column, e.column());
    assertEquals(detail, e.detail());
    assertEquals("column " + column + ": " + detail, e.getMessage());
  }

  @Test
  void rejectsOverlongLabels() {
    String label = "a".repeat(64);
    EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class,
        () -> DomainPattern.parse("www." + label + ".com"));
    assertEquals(5, e.column());
    assertEquals("a domain label has at most 63 characters", e.detail());
  }
}
