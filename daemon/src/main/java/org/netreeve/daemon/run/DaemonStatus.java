package org.netreeve.daemon.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.netreeve.daemon.api.StatusSource;
import org.netreeve.daemon.connections.ConnectionView;
import org.netreeve.daemon.history.HistoryStore;
import org.netreeve.daemon.pipeline.PacketPipeline;
import org.netreeve.dns.service.DnsService;
import org.netreeve.engine.audit.JsonLinesAuditLog;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.Communications;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.process.ProcessResolver;

/**
 * The daemon's counters and settings as {@code GET /api/status} shows them, read from the parts
 * that keep them. Made by the composition root once every part exists.
 *
 * @param historyEnabled whether history is configured on
 * @param history        the history database, or null when it is off or could not be opened
 * @param historyError   why it could not be opened, or null
 * @param lastReloadError the errors of the last reload, or null
 */
record DaemonStatus(Clock clock, Instant started, SecurityLevels levels, PolicyState policy, Engine engine,
    Supplier<String> lastReloadError, PacketPipeline pipeline, ConnectionView connections,
    Communications communications, List<NfQueue> queues, ProcessResolver processes, DnsService dns,
    JsonLinesAuditLog audit, boolean historyEnabled, Supplier<HistoryStore> history, Supplier<String> historyError)
    implements StatusSource {

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("uptime_seconds", Duration.between(started, clock.instant()).toSeconds());
    s.put("level", levels.current().yamlName().toLowerCase(java.util.Locale.ROOT));
    s.put("level_reason", levels.reason());
    PolicySnapshot p = policy.snapshot();
    Map<String, Object> pol = new LinkedHashMap<>();
    pol.put("directory", String.valueOf(p.directory()));
    pol.put("generation", p.generation());
    pol.put("revision", p.revision());
    pol.put("loaded_at", p.loadedAt().toString());
    pol.put("profiles", p.profiles().size());
    pol.put("rules", p.ruleBase().ruleCount());
    pol.put("rule_files", p.ruleBase().files());
    pol.put("last_reload_error", lastReloadError.get());
    s.put("policy", pol);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("decisions", engine.decisions());
    e.put("cache_hits", engine.cacheHits());
    e.put("mean_decision_us", Math.round(engine.meanMicros() * 10) / 10.0);
    e.put("cache_entries", p.cache().size());
    s.put("engine", e);
    Map<String, Object> pl = new LinkedHashMap<>();
    pl.put("packets", pipeline.packets());
    pl.put("decided", pipeline.decided());
    pl.put("failures", pipeline.failures());
    pl.put("mean_packet_us", Math.round(pipeline.meanMicros() * 10) / 10.0);
    pl.put("network_control", pipeline.networkControl());
    pl.put("links", connections.size());
    pl.put("communications", communications.size());
    s.put("pipeline", pl);
    List<Object> qs = new ArrayList<>();
    for (NfQueue q : queues) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("queue", q.config().queueNumber());
      m.put("stats", q.stats());
      qs.add(m);
    }
    s.put("queues", qs);
    s.put("processes", processes.stats());
    if (dns != null) {
      s.put("dns", dns.stats());
    }
    s.put("audit", Map.of("path", audit.path().toString(), "written", audit.written()));
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("enabled", historyEnabled);
    HistoryStore store = history.get();
    if (store != null) {
      h.put("file", store.file().toString());
      h.put("retention", store.retention().toString());
      h.put("stored", store.stored());
      h.put("queued", store.queued());
      h.put("dropped", store.dropped());
      h.put("failed", store.failed());
    } else if (historyError.get() != null) {
      h.put("error", historyError.get());
    }
    s.put("history", h);
    return s;
  }
}
