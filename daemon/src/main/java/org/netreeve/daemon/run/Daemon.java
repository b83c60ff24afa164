package org.netreeve.daemon.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.netreeve.daemon.api.ApiServer;
import org.netreeve.daemon.api.HistoryAccess;
import org.netreeve.daemon.api.PolicyReload;
import org.netreeve.daemon.connections.ConnectionTable;
import org.netreeve.daemon.connections.Enforcer;
import org.netreeve.daemon.connections.KernelEnforcer;
import org.netreeve.daemon.api.AuditFeed;
import org.netreeve.daemon.history.HistoryException;
import org.netreeve.daemon.history.HistoryStore;
import org.netreeve.daemon.pipeline.Attributor;
import org.netreeve.daemon.pipeline.DnsPolicy;
import org.netreeve.daemon.pipeline.PacketPipeline;
import org.netreeve.dns.config.DnsConfig;
import org.netreeve.dns.config.DnsConfigParser;
import org.netreeve.dns.server.ProcPortOwnerLookup;
import org.netreeve.dns.service.DnsService;
import org.netreeve.engine.audit.JsonLinesAuditLog;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.AuditStage;
import org.netreeve.engine.flow.CommunicationStage;
import org.netreeve.engine.flow.Communications;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.DomainLookup;
import org.netreeve.engine.flow.DomainStage;
import org.netreeve.engine.flow.IntelStage;
import org.netreeve.engine.flow.LinkStage;
import org.netreeve.engine.flow.ProfileStage;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.policy.IntelAdapter;
import org.netreeve.intel.Intel;
import org.netreeve.engine.policy.PolicyException;
import org.netreeve.engine.policy.PolicyLoader;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.engine.rulebase.RuleFileCheck;
import org.netreeve.net.scope.ScopeClassifier;
import org.netreeve.interception.conntrack.ConntrackClient;
import org.netreeve.interception.iptables.IpFamily;
import org.netreeve.interception.iptables.ProcessCommandRunner;
import org.netreeve.interception.iptables.RuleConfig;
import org.netreeve.interception.iptables.RuleInstaller;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.interception.nfqueue.QueueConfig;
import org.netreeve.process.ProcessResolver;
import org.netreeve.process.diag.NetlinkInetDiag;
import org.netreeve.process.ResolverConfig;
import org.netreeve.profiles.match.MatchOptions;
import org.netreeve.profiles.model.SecurityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the running firewall: builds every part by hand, in dependency order,
 * starts them so that the host is never left half-protected, and stops them in reverse.
 *
 * <p>Start order: audit log, policy and engine, process attribution, nameserver, queues (bound
 * before the rules exist, so no packet waits for a consumer), then the iptables rules. Stop
 * order: rules first (traffic flows normally again), then queues, nameserver, audit log.
 */
public final class Daemon implements AutoCloseable, PolicyReload, HistoryAccess {

  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final DaemonConfig config;
  private final Clock clock;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch stop = new CountDownLatch(1);

  private JsonLinesAuditLog audit;
  private PolicyLoader loader;
  private Engine engine;
  private PolicyState policy;
  private final Communications communications = Communications.bounded(100_000);
  private DecisionChain chain;
  private SecurityLevels levels;
  private NetworkWatcher network;
  private ProcessResolver processes;
  private volatile DnsService dns;
  private ConnectionTable links;
  private PacketPipeline pipeline;
  private RuleInstaller rules;
  private final List<NfQueue> queues = new ArrayList<>();
  private ScheduledExecutorService timer;
  private volatile String lastReloadError;
  private Intel intel;
  private AuditFeed feed;
  private ApiServer api;
  private volatile HistoryStore history;
  private volatile String historyError;

  public Daemon(DaemonConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Starts everything; on failure, what was started is stopped again and the error is thrown. */
  public void start() throws Exception {
    try {
      startParts();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startParts() throws Exception {
    long t0 = System.nanoTime();
    audit = new JsonLinesAuditLog(config.auditLog(), 65536);
    RuleBaseLoader ruleLoader = new RuleBaseLoader(Daemon.class.getClassLoader(), RuleFileCheck.forCurrentUser(),
        config.stateDir().resolve("compiled-rules"));
    loader = new PolicyLoader(ruleLoader, MatchOptions.live(), clock);
    PolicyLoader.Loaded loaded = loader.load(config.policy());
    loaded.warnings().forEach(w -> log.warn("policy: {}", w));

    DnsConfig dnsConfig = config.dns() ? new DnsConfigParser().parse(config.dnsSection()) : null;
    Set<InetSocketAddress> nameservers = new LinkedHashSet<>();
    if (dnsConfig != null) {
      nameservers.addAll(dnsConfig.listen());
    }
    intel = config.intel().load(clock);
    for (String w : intel.snapshot().warnings()) {
      log.warn("intel: {}", w);
    }
    policy = new PolicyState(loaded.snapshot(), new IntelAdapter(intel));
    engine = new Engine();
    // The one place the stages are put together: attribute (the packet path and the nameserver),
    // profile, domain, intel, communication, link, audit, mark (the packet path).
    chain = new DecisionChain(List.of(
        new ProfileStage(policy),
        new DomainStage(this::recall),
        new IntelStage(ScopeClassifier.DEFAULT, nameservers),
        new CommunicationStage(engine, communications),
        new LinkStage(engine),
        new AuditStage(audit, clock)));
    levels = new SecurityLevels(policy, config.stateDir().resolve("level"));
    log.info("policy {}: {} profiles, {} rules; security level {}", config.policy(),
        loaded.snapshot().profiles().size(), loaded.snapshot().ruleBase().ruleCount(), levels.current());

    processes = ProcessResolver.open(ResolverConfig.defaults(), clock);
    toClose.add(processes);
    Attributor attributor = new Attributor(processes);
    log.info("policy loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    Warmup.run(chain, attributor);
    log.info("warmed up at {} ms", (System.nanoTime() - t0) / 1_000_000);

    if (dnsConfig != null) {
      dns = DnsService.create(dnsConfig, new DnsPolicy(chain, attributor), new ProcPortOwnerLookup(), clock);
      dns.start();
      toClose.add(dns);
      log.info("nameserver listening on {}", dns.boundAddresses());
    }

    Enforcer enforcer = Enforcer.NONE;
    ConntrackClient conntrack = null;
    if (config.interception()) {
      conntrack = ConntrackClient.open();
      toClose.add(conntrack);
      NetlinkInetDiag destroyer = NetlinkInetDiag.open(Duration.ofMillis(500));
      toClose.add(destroyer);
      enforcer = new KernelEnforcer(conntrack, destroyer);
    }
    links = new ConnectionTable(200_000, Duration.ofMinutes(10), clock, enforcer);
    pipeline = new PacketPipeline(chain, attributor, links);
    if (config.interception()) {
      Set<IpFamily> families = config.ipv6() ? EnumSet.of(IpFamily.IPV4, IpFamily.IPV6) : EnumSet.of(IpFamily.IPV4);
      int[] numbers = config.ipv6()
          ? new int[] {QueueConfig.OUTBOUND_IPV4, QueueConfig.OUTBOUND_IPV6, QueueConfig.INBOUND_IPV4,
              QueueConfig.INBOUND_IPV6}
          : new int[] {QueueConfig.OUTBOUND_IPV4, QueueConfig.INBOUND_IPV4};
      for (int n : numbers) {
        NfQueue q = NfQueue.open(QueueConfig.of(n).withBatchVerdicts(true), pipeline, clock);
        queues.add(q);
        q.start();
      }
      rules = new RuleInstaller(new ProcessCommandRunner(), ruleConfig(dnsConfig), families);
      rules.install();
      log.info("iptables rules installed ({}); queues {} bound", families, queuesText());
    }

    levels.onChange((level, why) -> redecide("security level " + level));
    if (config.detectNetworkChange()) {
      network = new NetworkWatcher(Path.of("/proc/net"), config.stateDir().resolve("networks"), levels);
      levels.onChange((level, why) -> {
        if (level == SecurityLevel.DYNAMIC) {
          network.trustCurrent();
        }
      });
      network.check();
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "maintenance");
      t.setDaemon(true);
      return t;
    });
    feed = new AuditFeed(2000);
    audit.addListener(feed);
    if (config.history()) {
      openHistory();
    }
    DaemonStatus status = new DaemonStatus(clock, clock.instant(), levels, policy, engine, () -> lastReloadError,
        pipeline, links, communications, queues, processes, dns, audit, config.history(), () -> history,
        () -> historyError);
    api = new ApiServer(new ApiServer.Parts(status, levels, this, this, links, feed, dns), config.api(),
        config.stateDir());
    toClose.add(api);
    long every = Math.max(1, config.recheckInterval().toMillis());
    timer.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
    log.info("netreeve running (started in {} ms)", (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Opens the history database and feeds it from the audit log. A database that cannot be opened
   * (locked, corrupt) leaves the daemon running without history: the audit log has every verdict.
   */
  private void openHistory() {
    HistoryStore store;
    try {
      store = HistoryStore.open(config.stateDir().resolve("history"), config.historyRetention(), clock);
    } catch (HistoryException | RuntimeException e) {
      historyError = e.getMessage() == null ? e.toString() : e.getMessage();
      log.error("history is off: {}", historyError);
      return;
    }
    history = store;
    audit.addListener(store);
    // Closed after the API (added before it), so no request finds it gone, and before the audit
    // log: the records the audit log still holds are passed on first, so that the history ends
    // where the audit log ends.
    toClose.add(() -> {
      audit.flush();
      audit.removeListener(store);
      store.close();
    });
    long every = HistoryStore.retentionInterval(config.historyRetention()).toMillis();
    // First run at once: rows that expired while the daemon was stopped go now.
    timer.scheduleWithFixedDelay(this::expireHistory, 0, every, TimeUnit.MILLISECONDS);
  }

  private void expireHistory() {
    try {
      history.deleteExpired();
    } catch (HistoryException | RuntimeException e) {
      // A failed run must not end the schedule (an exception would): the next one tries again.
      log.warn("history retention: {}", e.getMessage());
    }
  }

  private RuleConfig ruleConfig(DnsConfig dnsConfig) {
    RuleConfig rc = RuleConfig.defaults().withAcceptRelatedIcmpErrors(true);
    if (dnsConfig == null) {
      return rc;
    }
    InetAddress v4 = null;
    InetAddress v6 = null;
    int port = 53;
    for (InetSocketAddress a : dnsConfig.listen()) {
      if (a.getAddress().getAddress().length == 4 && v4 == null) {
        v4 = a.getAddress();
        port = a.getPort();
      } else if (a.getAddress().getAddress().length == 16 && v6 == null) {
        v6 = a.getAddress();
      }
    }
    return v4 == null && v6 == null ? rc : rc.withNameserver(v4 != null ? v4 : rc.nameserverV4(),
        v6 != null ? v6 : rc.nameserverV6(), port);
  }

  private String queuesText() {
    List<Integer> n = new ArrayList<>();
    for (NfQueue q : queues) {
      n.add(q.config().queueNumber());
    }
    return n.toString();
  }

  private void maintain() {
    try {
      if (rules != null) {
        List<String> repairs = rules.ensureJumpsFirst();
        if (!repairs.isEmpty()) {
          log.warn("iptables jump rules were moved or removed; repaired: {}", repairs);
        }
      }
      links.expire();
      communications.expire(TimeUnit.MINUTES.toNanos(10));
      if (network != null) {
        network.check();
      }
    } catch (Exception e) {
      log.warn("maintenance: {}", e.toString());
    }
  }

  /**
   * Reloads the policy (SIGHUP): built and checked in the background, swapped in whole; on error
   * the running policy stays. Also reopens the audit log (after rotation).
   *
   * @return null when reloaded, else the errors
   */
  @Override
  public synchronized String reload() {
    audit.reopen();
    String intelError = reloadIntel();
    try {
      PolicyLoader.Loaded loaded = loader.load(config.policy());
      loaded.warnings().forEach(w -> log.warn("policy: {}", w));
      policy.swap(loaded.snapshot());
      lastReloadError = intelError;
      log.info("policy reloaded: {} profiles, {} rules", loaded.snapshot().profiles().size(),
          loaded.snapshot().ruleBase().ruleCount());
      redecide("policy reload");
      return intelError;
    } catch (PolicyException e) {
      lastReloadError = e.getMessage();
      log.error("policy reload failed, keeping the running policy:\n{}", e.getMessage());
      return e.getMessage();
    } catch (RuntimeException e) {
      lastReloadError = e.toString();
      log.error("policy reload failed, keeping the running policy: {}", e.toString(), e);
      return e.toString();
    }
  }

  /**
   * Reloads intel (filter lists, GeoIP, the installed signed bundle): built in the background and
   * swapped in whole; on error the current intel stays. Returns null, or the error.
   */
  @Override
  public synchronized String reloadIntel() {
    if (config.intel().isEmpty()) {
      return null;
    }
    try {
      intel.reload();
      redecide("intel reload");
      return null;
    } catch (Intel.LoadException e) {
      log.error("intel reload failed, keeping the current intel: {}", e.getMessage());
      return "intel: " + e.getMessage();
    }
  }

  /** Blocks until {@link #close()} is called. */
  public void awaitStop() throws InterruptedException {
    stop.await();
  }

  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (rules != null) {
      try {
        rules.uninstall();
        log.info("iptables rules removed");
      } catch (Exception e) {
        log.error("removing the iptables rules failed: {}; run `netreeve uninstall-rules`", e.toString());
      }
    }
    for (NfQueue q : queues) {
      q.close();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        log.warn("closing {}: {}", toClose.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    if (audit != null) {
      audit.close();
    }
    stop.countDown();
  }

  @Override
  public boolean enabled() {
    return config.history();
  }

  @Override
  public HistoryStore store() throws HistoryException {
    HistoryStore h = history;
    if (h == null) {
      throw new HistoryException("history is unavailable: " + historyError);
    }
    return h;
  }

  /** Decides the links the kernel handles on its own again, after a change of policy, level or intel. */
  private int redecide(String why) {
    return links.redecide(why, r -> chain.runQuietly(r).verdict());
  }

  /** Stage "domain": the name the nameserver answered for a profile's programs with this address. */
  private DomainLookup.Name recall(String profileId, InetAddress remote) {
    DnsService d = dns;
    if (d == null) {
      return null;
    }
    return d.memory().lookup(profileId, remote).map(n -> new DomainLookup.Name(n.domain(), n.cnameChain()))
        .orElse(null);
  }
}
