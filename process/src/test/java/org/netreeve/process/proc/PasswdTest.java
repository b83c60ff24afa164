package org.netreeve.process.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.net.fixtures.ManualClock;

class PasswdTest {

  @Test
  void mapsUidsToNames() {
    Passwd passwd = Passwd.parse("/etc/passwd", """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
        """);
    assertEquals("root", passwd.name(0));
    assertEquals("alice", passwd.name(1000));
    assertNull(passwd.name(4711));
    assertEquals(List.of(), passwd.problems());
  }

  @Test
  void firstLineForAUidWinsLikeGetpwuid() {
    Passwd passwd = Passwd.parse("p", "toor:x:0:0::/root:/bin/sh\nroot:x:0:0::/root:/bin/sh\n");
    assertEquals("toor", passwd.name(0));
  }

  @Test
  void skipsCommentsBlankAndNisLinesSilently() {
    Passwd passwd = Passwd.parse("p", "# comment\n\n+@admins::::::\n-bob\nbin:x:2:2::/:/bin/false\r\n");
    assertEquals("bin", passwd.name(2));
    assertEquals(List.of(), passwd.problems());
  }

  @Test
  void reportsMalformedLinesWithFileAndLine() {
    Passwd passwd = Passwd.parse("/etc/passwd", """
        root:x:0:0:root:/root:/bin/bash
        broken:x:5
        bad:x:five:5::/:/bin/sh
        :x:6:6::/:/bin/sh
        neg:x:-3:0::/:/bin/sh
        ok:x:7:7::/:/bin/sh
        """);
    assertEquals(List.of(
        "/etc/passwd:2: expected 7 fields separated by ':', found 3",
        "/etc/passwd:3: uid \"five\" is not a number",
        "/etc/passwd:4: empty user name",
        "/etc/passwd:5: uid -3 is negative"), passwd.problems());
    assertEquals("ok", passwd.name(7));
    assertEquals("root", passwd.name(0));
  }

  @Test
  void userNamesFallBackToTheNumberAndRereadAChangedFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("passwd");
    Files.writeString(file, "root:x:0:0::/root:/bin/sh\n");
    ManualClock clock = new ManualClock();
    UserNames names = new UserNames(file, clock, Duration.ofSeconds(5));
    assertEquals("root", names.name(0));
    assertEquals("1000", names.name(1000));
    assertEquals("", names.name(-1));

    Files.writeString(file, "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/a:/bin/sh\n");
    assertEquals("1000", names.name(1000), "not re-checked before the interval");
    clock.advance(Duration.ofSeconds(6));
    assertEquals("alice", names.name(1000));
  }

  @Test
  void missingPasswdFileGivesNumbers(@TempDir Path dir) {
    UserNames names = new UserNames(dir.resolve("none"), new ManualClock(), Duration.ofSeconds(5));
    assertEquals("0", names.name(0));
  }
}
