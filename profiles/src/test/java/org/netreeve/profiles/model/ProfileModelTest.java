package org.netreeve.profiles.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.intel.endpoints.DomainPattern;
import org.netreeve.intel.endpoints.PortRange;

class ProfileModelTest {

  @Test
  void defaultKeywordsAreLongWordsOfNameAndBaseNames() {
    assertEquals(List.of("mozilla", "firefox"),
        Profile.defaultKeywords("Mozilla Firefox", List.of("/usr/lib/firefox-esr/firefox-esr")));
    assertEquals(List.of("python"), Profile.defaultKeywords("Py", List.of("/usr/bin/python3.11")));
    assertEquals(List.of(), Profile.defaultKeywords("VLC", List.of("/usr/bin/vlc")));
  }

  @Test
  void explicitKeywordsReplaceTheDefaults() {
    Profile p = Profile.builder("a", "Mozilla Firefox").paths("/usr/bin/firefox").keywords(List.of("gecko")).build();
    assertEquals(List.of("gecko"), p.keywords());
    assertTrue(p.isRelated("gecko.cdn.net"));
    assertFalse(p.isRelated("firefox.com"));
    assertFalse(p.isRelated(null));
  }

  @Test
  void whitelistReportsTheMatchingPattern() {
    Profile p = Profile.builder("a", "A").paths("/a")
        .domainWhitelist(List.of(DomainPattern.parse(".example.com"), DomainPattern.parse("*.cdn.net")))
        .build();
    assertTrue(p.hasDomainWhitelist());
    assertEquals(0, p.whitelistIndex("www.example.com"));
    assertEquals(1, p.whitelistIndex("a.cdn.net"));
    assertEquals(-1, p.whitelistIndex("cdn.net"));
    assertFalse(Profile.builder("b", "B").build().hasDomainWhitelist());
  }

  @Test
  void portSetsAllowEverythingWhenEmpty() {
    assertTrue(PortSet.UNRESTRICTED.allows(1));
    assertFalse(PortSet.UNRESTRICTED.isRestricted());
    PortSet web = new PortSet(List.of(PortRange.of(80), new PortRange(8000, 8100)));
    assertTrue(web.allows(8050));
    assertFalse(web.allows(443));
  }

  @Test
  void securityLevelsAreOrdered() {
    assertTrue(SecurityLevel.FORTRESS.atLeast(SecurityLevel.SECURE));
    assertTrue(SecurityLevel.SECURE.atLeast(SecurityLevel.SECURE));
    assertFalse(SecurityLevel.DYNAMIC.atLeast(SecurityLevel.SECURE));
    assertEquals(SecurityLevel.SECURE, SecurityLevel.fromYaml("secure"));
    assertNull(SecurityLevel.fromYaml("high"));
  }

  @Test
  void yamlNamesRoundTrip() {
    for (Flag f : Flag.values()) {
      assertEquals(f, Flag.fromYaml(f.yamlName()));
    }
    assertEquals(Flag.LOCAL_NET, Flag.fromYaml("localnet"));
    assertEquals(Flag.DIRECT_CONNECT, Flag.fromYaml("DirectConnect"));
    for (Special s : Special.values()) {
      assertEquals(s, Special.fromYaml(s.yamlName()));
    }
    for (DefaultAction a : DefaultAction.values()) {
      assertEquals(a, DefaultAction.fromYaml(a.yamlName()));
    }
  }

  @Test
  void locationsFormatLikeACompiler() {
    assertEquals("a.yaml:3:7", new SourceLocation("a.yaml", 3, 7).toString());
    assertEquals("a.yaml:3", new SourceLocation("a.yaml", 3, 0).toString());
    assertEquals("a.yaml", new SourceLocation("a.yaml", 0, 0).toString());
  }

  @Test
  void profileSetRejectsDuplicateIdsAndSpecials() {
    Profile a = Profile.builder("a", "A").paths("/a").build();
    assertThrows(IllegalArgumentException.class, () -> ProfileSet.of(List.of(a, a)));
    Profile s1 = Profile.builder("s1", "S").special(Special.SELF).build();
    Profile s2 = Profile.builder("s2", "S").special(Special.SELF).build();
    assertThrows(IllegalArgumentException.class, () -> ProfileSet.of(List.of(s1, s2)));
  }

  @Test
  void builtInProfilesAreAsDocumented() {
    Profile kernel = BuiltInProfiles.kernel();
    assertTrue(kernel.hasFlag(Flag.INTERNET) && kernel.hasFlag(Flag.DIRECT_CONNECT) && kernel.hasFlag(Flag.SERVICE));
    assertEquals(3, kernel.incoming().size());
    assertEquals(DefaultAction.BLOCK, BuiltInProfiles.unidentified().defaultAction());
    assertTrue(BuiltInProfiles.unidentified().flags().isEmpty());
    assertEquals(BuiltInProfiles.RESOLVER_PATHS, BuiltInProfiles.resolver().paths());
    assertTrue(BuiltInProfiles.resolver().connectPorts().allows(853));
    assertFalse(BuiltInProfiles.resolver().connectPorts().allows(443));
    assertEquals(DefaultAction.PERMIT, BuiltInProfiles.self().defaultAction());
    assertNull(BuiltInProfiles.unprofiled().defaultAction());
    assertTrue(BuiltInProfiles.unprofiled().isBuiltIn());
  }
}
