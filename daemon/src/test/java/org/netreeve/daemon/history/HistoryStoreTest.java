package org.netreeve.daemon.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netreeve.net.fixtures.ManualClock;
import org.junit.jupiter.api.io.TempDir;
import org.netreeve.engine.audit.AuditRecord;

class HistoryStoreTest {

  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir
  Path dir;

  final ManualClock clock = new ManualClock(NOW);
  HistoryStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  static AuditRecord record(Instant time, String verdict, String rule, String profile, String exe, String domain,
      String remoteIp) {
    return new AuditRecord(time, "link", "link", verdict, 1711,
        new AuditRecord.RuleRef(rule, "org/netreeve/rules/" + rule.split("\\.")[0] + ".drl", 12, "flags", verdict,
            "because of " + rule),
        List.of(), "because of " + rule,
        new AuditRecord.ProfileRef(profile, profile.toUpperCase(), null, "exact", null),
        new AuditRecord.ProcessRef(4242, exe, exe + " --flag", 1000, "alice", null, List.of("/usr/bin/bash")),
        new AuditRecord.ConnectionRef("TCP", "outbound", "10.0.0.2", 50412, remoteIp, 443, domain, List.of(), null,
            "internet", domain != null, "US", null, 64500, null, List.of(), List.of(), null),
        "dynamic", 38.2, false, null, null, null, null);
  }

  HistoryStore open() throws HistoryException {
    store = HistoryStore.open(dir.resolve("history"), Duration.ofDays(7), clock);
    return store;
  }

  /** Six verdicts over the last hour: a mix of profiles, rules, verdicts and destinations. */
  void fill(HistoryStore s) {
    s.written(record(NOW.minusSeconds(3600), "PermanentAccept", "default.global", "curl", "/usr/bin/curl",
        "example.com", "93.184.216.34"));
    s.written(record(NOW.minusSeconds(3000), "PermanentBlock", "flags.internet", "python", "/usr/bin/python3.11",
        null, "93.184.216.34"));
    s.written(record(NOW.minusSeconds(2000), "Block", "filterlists.block", "firefox",
        "/usr/lib/firefox-esr/firefox-esr", "Pixel.Tracker.example", "203.0.113.7"));
    s.written(record(NOW.minusSeconds(1000), "PermanentBlock", "filterlists.block", "firefox",
        "/usr/lib/firefox-esr/firefox-esr", "pixel.tracker.example", "203.0.113.7"));
    s.written(record(NOW.minusSeconds(500), "PermanentDrop", "default.profile", "nc", "/usr/bin/nc.openbsd", null,
        "2a00:1450:4001::10"));
    s.written(record(NOW.minusSeconds(100), "RerouteToNameserver", "dns.astray", "curl", "/usr/bin/curl", null,
        "8.8.8.8"));
    s.flush();
  }

  static List<String> rules(List<HistoryRow> rows) {
    return rows.stream().map(HistoryRow::ruleName).toList();
  }

  @Test
  void storesEveryFieldOfTheAuditRecord() throws Exception {
    HistoryStore s = open();
    s.written(record(NOW, "PermanentBlock", "flags.internet", "python", "/usr/bin/python3.11", "example.com",
        "93.184.216.34"));
    s.flush();
    assertEquals(1, s.stored());
    HistoryRow r = s.query(HistoryQuery.newest(10)).get(0);
    assertEquals(NOW, r.time());
    assertEquals("link", r.stage());
    assertEquals("PermanentBlock", r.verdict());
    assertEquals(1711, r.mark());
    assertEquals("flags.internet", r.ruleName());
    assertEquals("org/netreeve/rules/flags.drl", r.ruleFile());
    assertEquals(12, r.ruleLine());
    assertEquals("because of flags.internet", r.reason());
    assertEquals("python", r.profileId());
    assertEquals("PYTHON", r.profileName());
    assertEquals(4242, r.pid());
    assertEquals("/usr/bin/python3.11", r.exe());
    assertEquals("/usr/bin/python3.11 --flag", r.cmdline());
    assertEquals(1000, r.uid());
    assertEquals("alice", r.user());
    assertEquals("TCP", r.protocol());
    assertEquals("outbound", r.direction());
    assertEquals("10.0.0.2", r.localIp());
    assertEquals(50412, r.localPort());
    assertEquals("93.184.216.34", r.remoteIp());
    assertEquals(443, r.remotePort());
    assertEquals("example.com", r.domain());
    assertEquals("internet", r.scope());
    assertEquals("US", r.country());
    assertEquals(64500, r.asn());
    assertEquals("dynamic", r.level());
    assertEquals(38.2, r.decisionMicros(), 1e-9);
    assertFalse(r.cached());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(s.file())), "command lines are for the owner only");
  }

  /** The same program connecting to the same place from another local port. */
  static AuditRecord attempt(Instant time, int localPort, String remoteIp) {
    return new AuditRecord(time, "link", "link", "PermanentBlock", 1711,
        new AuditRecord.RuleRef("flags.internet", "org/netreeve/rules/flags.drl", 12, "flags", "PermanentBlock",
            "no internet"),
        List.of(), "no internet",
        new AuditRecord.ProfileRef("python", "Python", null, "exact", null),
        new AuditRecord.ProcessRef(4242, "/usr/bin/python3.11", "python3 loop.py", 1000, "alice", null, List.of()),
        new AuditRecord.ConnectionRef("TCP", "outbound", "10.0.0.2", localPort, remoteIp, 443, null, List.of(), null,
            "internet", false, null, null, 0, null, List.of(), List.of(), null),
        "dynamic", 12.5, localPort % 2 == 0, null, null, null, null);
  }

  @Test
  void repeatsAreOneRowThatSaysHowManyAndWhenTheLastWas() throws Exception {
    HistoryStore s = open();
    for (int i = 0; i < 300; i++) {
      s.written(attempt(NOW.plusMillis(i), 40000 + i, "198.51.100.7"));
    }
    s.written(attempt(NOW.plusMillis(100), 41000, "198.51.100.8"));
    // Two seconds later: a new row, though the same again.
    s.written(attempt(NOW.plusSeconds(2), 42000, "198.51.100.7"));
    s.flush();
    assertEquals(302, s.stored(), "every record is stored, repeats as counts");
    List<HistoryRow> rows = s.query(HistoryQuery.newest(100));
    assertEquals(3, rows.size());
    HistoryRow later = rows.get(0);
    assertEquals(NOW.plusSeconds(2), later.time());
    assertEquals(1, later.times());
    assertEquals(null, later.lastTime());
    HistoryRow other = rows.get(1);
    assertEquals("198.51.100.8", other.remoteIp());
    assertEquals(1, other.times());
    HistoryRow repeats = rows.get(2);
    assertEquals(NOW, repeats.time());
    assertEquals(40000, repeats.localPort(), "the first of the repeats");
    assertEquals(300, repeats.times());
    assertEquals(NOW.plusMillis(299), repeats.lastTime());
    HistorySummary sum = s.summary(NOW.minusSeconds(60));
    assertEquals(302, sum.total());
    assertEquals(List.of(new HistorySummary.Count("198.51.100.7", 301), new HistorySummary.Count("198.51.100.8", 1)),
        sum.blockedRemoteIps());
    // From the middle of an hour, the part-hour is counted from the rows: with their repeats.
    clock.set(NOW.plus(Duration.ofMinutes(30)));
    assertEquals(302, s.summary(NOW.minusSeconds(1)).total());
  }

  @Test
  void returnsNewestFirstUpToTheLimit() throws Exception {
    HistoryStore s = open();
    fill(s);
    List<HistoryRow> all = s.query(HistoryQuery.newest(100));
    assertEquals(List.of("dns.astray", "default.profile", "filterlists.block", "filterlists.block", "flags.internet",
        "default.global"), rules(all));
    assertEquals(List.of("dns.astray", "default.profile"), rules(s.query(HistoryQuery.newest(2))));
  }

  @Test
  void filtersByTime() throws Exception {
    HistoryStore s = open();
    fill(s);
    HistoryQuery q = HistoryQuery.newest(100).withSince(NOW.minusSeconds(1000)).withUntil(NOW.minusSeconds(100));
    assertEquals(List.of("default.profile", "filterlists.block"), rules(s.query(q)));
    assertEquals(NOW.minusSeconds(1500), HistoryQuery.parseTime("25m", NOW));
    assertEquals(NOW.minus(Duration.ofDays(14)), HistoryQuery.parseTime("2w", NOW));
    assertEquals(NOW, HistoryQuery.parseTime("2026-11-22T12:00:00Z", NOW));
    assertThrows(IllegalArgumentException.class, () -> HistoryQuery.parseTime("yesterday", NOW));
  }

  @Test
  void filtersByVerdictFamilyOrExactVerdict() throws Exception {
    HistoryStore s = open();
    fill(s);
    assertEquals(List.of("filterlists.block", "filterlists.block", "flags.internet"),
        rules(s.query(HistoryQuery.newest(100).withVerdict("block"))));
    assertEquals(List.of("default.profile"), rules(s.query(HistoryQuery.newest(100).withVerdict("drop"))));
    assertEquals(List.of("default.global"), rules(s.query(HistoryQuery.newest(100).withVerdict("accept"))));
    assertEquals(List.of("dns.astray"), rules(s.query(HistoryQuery.newest(100).withVerdict("reroute"))));
    assertEquals(List.of("filterlists.block", "flags.internet"),
        rules(s.query(HistoryQuery.newest(100).withVerdict("permanent-block"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HistoryQuery.newest(100).withVerdict("blocked"));
    assertTrue(e.getMessage().contains("\"blocked\""), e.getMessage());
  }

  @Test
  void filtersByProfileRuleDomainExeAndRemoteAddress() throws Exception {
    HistoryStore s = open();
    fill(s);
    HistoryQuery all = HistoryQuery.newest(100);
    assertEquals(List.of("dns.astray", "default.global"), rules(s.query(all.withProfile("curl"))));
    assertEquals(2, s.query(all.withRule("filterlists.block")).size());
    // A part of the domain, in any case.
    assertEquals(2, s.query(all.withDomain("TRACKER")).size());
    assertEquals(List.of("default.global"), rules(s.query(all.withDomain("example.com"))));
    // LIKE's wildcards are plain characters here.
    assertEquals(0, s.query(all.withDomain("%")).size());
    assertEquals(List.of("flags.internet"), rules(s.query(all.withExe("python3"))));
    assertEquals(0, s.query(all.withExe("PYTHON3")).size());
    assertEquals(List.of("flags.internet", "default.global"), rules(s.query(all.withRemoteIp("93.184.216.34"))));
    // Any spelling of an IPv6 address finds its canonical form.
    assertEquals(List.of("default.profile"), rules(s.query(all.withRemoteIp("2a00:1450:4001:0:0:0:0:10"))));
    assertThrows(IllegalArgumentException.class, () -> all.withRemoteIp("example.com"));
    assertThrows(IllegalArgumentException.class, () -> all.withRemoteIp("999.1.1.1"));
    // Filters combine.
    List<HistoryRow> r = s.query(all.withProfile("firefox").withVerdict("PermanentBlock"));
    assertEquals(1, r.size());
    assertEquals(NOW.minusSeconds(1000), r.get(0).time());
  }

  @Test
  void summaryCountsVerdictsAndTopProfilesBlockedDestinationsAndRules() throws Exception {
    HistoryStore s = open();
    fill(s);
    HistorySummary sum = s.summary(NOW.minusSeconds(3600));
    assertEquals(6, sum.total());
    assertEquals(new HistorySummary.Count("PermanentBlock", 2), sum.verdicts().get(0));
    assertEquals(5, sum.verdicts().size());
    assertEquals(List.of(new HistorySummary.Count("curl", 2), new HistorySummary.Count("firefox", 2),
        new HistorySummary.Count("nc", 1), new HistorySummary.Count("python", 1)), sum.profiles());
    // Domains are kept as the records had them; both spellings were blocked once.
    assertEquals(2, sum.blockedDomains().size());
    assertEquals(List.of(new HistorySummary.Count("203.0.113.7", 2), new HistorySummary.Count("2a00:1450:4001::10", 1),
        new HistorySummary.Count("93.184.216.34", 1)), sum.blockedRemoteIps());
    assertEquals(new HistorySummary.Count("filterlists.block", 2), sum.rules().get(0));
    assertEquals(5, sum.rules().size());

    HistorySummary recent = s.summary(NOW.minusSeconds(600));
    assertEquals(2, recent.total());
    assertEquals(List.of(new HistorySummary.Count("2a00:1450:4001::10", 1)), recent.blockedRemoteIps());
  }

  @Test
  void summaryCountsExactlyFromAnyPointInAnHour() throws Exception {
    HistoryStore s = open();
    // One verdict every 7 minutes over five hours: the counts come from whole hours and, for the
    // first part-hour, from the rows.
    for (int m = 0; m < 300; m += 7) {
      s.written(record(NOW.minus(Duration.ofMinutes(m)), m % 2 == 0 ? "PermanentBlock" : "Accept", "r" + (m % 3),
          "p", "/usr/bin/p", null, "10.0.0." + (m % 5)));
    }
    s.flush();
    for (int back = 1; back <= 310; back += 13) {
      Instant since = NOW.minus(Duration.ofMinutes(back)).plusSeconds(back % 60);
      List<HistoryRow> rows = s.query(HistoryQuery.newest(1000).withSince(since));
      HistorySummary sum = s.summary(since);
      assertEquals(rows.size(), sum.total(), "since " + since);
      long blocked = rows.stream().filter(r -> r.verdict().equals("PermanentBlock")).count();
      assertEquals(blocked, sum.blockedRemoteIps().stream().mapToLong(HistorySummary.Count::count).sum());
    }
  }

  @Test
  void retentionDeletesOlderRows() throws Exception {
    HistoryStore s = open();
    fill(s);
    assertEquals(0, s.deleteExpired());
    // When the rows of more than 25 minutes before NOW are 7 days old, they go.
    clock.set(NOW.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(25)));
    assertEquals(3, s.deleteExpired());
    assertEquals(List.of("dns.astray", "default.profile", "filterlists.block"),
        rules(s.query(HistoryQuery.newest(100))));
    // A summary reaches back no further than the retention: it agrees with the rows kept.
    assertEquals(3, s.summary(NOW.minus(Duration.ofDays(30))).total());
    clock.set(NOW.plus(Duration.ofDays(8)));
    assertEquals(3, s.deleteExpired());
    assertTrue(s.query(HistoryQuery.newest(100)).isEmpty());
    assertEquals(0, s.summary(NOW.minus(Duration.ofDays(30))).total());
  }

  @Test
  void rowsSurviveARestart() throws Exception {
    HistoryStore s = open();
    fill(s);
    s.close();
    store = null;
    HistoryStore again = open();
    assertEquals(6, again.query(HistoryQuery.newest(100)).size());
    assertThrows(HistoryException.class, () -> s.query(HistoryQuery.newest(1)), "a closed store says so");
  }

  @Test
  void anInterruptedQueryLeavesTheDatabaseUsable() throws Exception {
    HistoryStore s = open();
    // More than H2 caches (16 MB): the scan below must read the file.
    String exe = "/usr/bin/" + "x".repeat(4000);
    for (int i = 0; i < 5000; i++) {
      s.written(record(NOW.minusMillis(i), "Accept", "default.global", "p", exe + i, null, "1.1.1.1"));
    }
    s.close();
    HistoryStore again = open();
    // API requests and the timer are interrupted at shutdown, maybe in the middle of a query.
    Thread.currentThread().interrupt();
    try {
      again.query(HistoryQuery.newest(10).withExe("no such program"));
    } catch (HistoryException e) {
      // the interrupted query may fail; the database must not
    } finally {
      Thread.interrupted();
    }
    again.written(record(NOW, "Block", "flags.internet", "p", "/usr/bin/p", null, "1.1.1.1"));
    again.flush();
    assertEquals(0, again.failed());
    assertEquals(1, again.query(HistoryQuery.newest(10).withVerdict("block")).size());
  }

  @Test
  void closeStoresWhatIsQueued() throws Exception {
    HistoryStore s = open();
    for (int i = 0; i < 2000; i++) {
      s.written(record(NOW.minusMillis(i), "Accept", "default.global", "curl", "/usr/bin/curl", null, "1.1.1.1"));
    }
    s.close();
    s.written(record(NOW, "Accept", "default.global", "curl", "/usr/bin/curl", null, "1.1.1.1"));
    store = null;
    assertEquals(2000, s.stored());
    assertEquals(2000, open().summary(NOW.minusSeconds(10)).total());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
    // The writer has not started: nothing leaves the queue of four.
    store = new HistoryStore(dir.resolve("history"), Duration.ofDays(7), clock, 4);
    for (int i = 0; i < 10; i++) {
      store.written(record(NOW.plusSeconds(10L * i), "Accept", "default.global", "curl", "/usr/bin/curl", null, "1.1.1.1"));
    }
    assertEquals(6, store.dropped());
    assertEquals(4, store.queued());
    store.start();
    store.flush();
    assertEquals(4, store.stored());
    assertEquals(4, store.query(HistoryQuery.newest(100)).size());
  }

  @Test
  void aCorruptFileIsAClearError() throws Exception {
    Path file = dir.resolve("history.mv.db");
    Files.writeString(file, "not a database, just text\n".repeat(500), StandardCharsets.UTF_8);
    HistoryException e = assertThrows(HistoryException.class, this::open);
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    assertTrue(e.getMessage().contains("audit log still has every verdict"), e.getMessage());
  }

  @Test
  void aLockedFileIsAClearError() throws Exception {
    Path file = dir.resolve("history.mv.db");
    // Another process holding the database looks the same to H2 as this lock.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      assertNotNull(lock);
      HistoryException e = assertThrows(HistoryException.class, this::open);
      assertTrue(e.getMessage().contains("is locked"), e.getMessage());
    }
  }

  @Test
  void veryLongValuesAreCutNotFailed() throws Exception {
    HistoryStore s = open();
    String exe = "/usr/bin/" + "x".repeat(100_000);
    s.written(record(NOW, "Accept", "default.global", "x", exe, null, "1.1.1.1"));
    s.flush();
    assertEquals(1, s.stored());
    assertEquals(0, s.failed());
    assertEquals(4096, s.query(HistoryQuery.newest(1)).get(0).exe().length());
  }

  @Test
  void rejectsBadQueries() {
    assertThrows(IllegalArgumentException.class, () -> HistoryQuery.newest(0));
    assertThrows(IllegalArgumentException.class, () -> HistoryQuery.newest(100_001));
    assertThrows(IllegalArgumentException.class,
        () -> HistoryQuery.newest(1).withSince(NOW).withUntil(NOW.minusSeconds(1)));
  }

  @Test
  void retentionIsAppliedEveryTenthOfItBetweenAMinuteAndAnHour() {
    assertEquals(Duration.ofHours(1), HistoryStore.retentionInterval(Duration.ofDays(7)));
    assertEquals(Duration.ofMinutes(6), HistoryStore.retentionInterval(Duration.ofHours(1)));
    assertEquals(Duration.ofMinutes(1), HistoryStore.retentionInterval(Duration.ofMinutes(2)));
  }
}
