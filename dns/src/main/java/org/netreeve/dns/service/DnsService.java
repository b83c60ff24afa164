package org.netreeve.dns.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.netreeve.dns.cache.DnsCache;
import org.netreeve.dns.config.DnsConfig;
import org.netreeve.dns.memory.DomainMemory;
import org.netreeve.dns.message.MalformedQueryException;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.message.QueryParser;
import org.netreeve.dns.message.ResponseWriter;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.QueryPolicy;
import org.netreeve.dns.resolver.DnsResolver;
import org.netreeve.dns.resolver.ResolverFactory;
import org.netreeve.dns.routing.NameRouter;
import org.netreeve.dns.routing.ResolvConf;
import org.netreeve.dns.server.DnsServer;
import org.netreeve.dns.server.PortOwnerLookup;
import org.netreeve.dns.upstream.UpstreamSet;
import org.netreeve.dns.upstream.UpstreamSpec;
import org.netreeve.dns.upstream.Upstreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/**
 * The DNS module, assembled. The daemon builds one with its policy (which attributes queries and asks the
 * engine), calls {@link #start()}, hands {@link #memory()} to the connection stages, and routes the local API's
 * {@code dns query}, {@code dns cache} and {@code dns flush} to {@link #query}, {@link #stats()} and
 * {@link #flushCache()}.
 *
 * <p>Thread rules: {@code start}/{@code close} from the controlling thread; everything else from any thread.
 */
public final class DnsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);

    private final DnsConfig config;
    private final QueryPolicy policy;
    private final Upstreams upstreams;
    private final UpstreamSet internet;
    private final UpstreamSet local;
    private final DnsCache cache;
    private final DomainMemory memory;
    private final DnsResolver resolver;
    private final ResponseWriter writer;
    private final ThreadPoolExecutor finisher;
    private final DnsServer server;

    private DnsService(DnsConfig config, QueryPolicy policy, PortOwnerLookup owners, Clock clock,
                       List<UpstreamSpec> localSpecs, List<String> localDomains) throws IOException {
        this.config = config;
        this.policy = policy;
        this.upstreams = new Upstreams(config.tls().idleTimeout(), config.tls().dohMaxConnections());
        try {
            DnsConfig.Timeouts t = config.timeouts();
            this.internet = upstreams.set(config.upstreams(), clock, t.upstream(), t.query(), t.retryFailedAfter());
            this.local = upstreams.set(localSpecs, clock, t.upstream(), t.query(), t.retryFailedAfter());
        } catch (IOException | RuntimeException e) {
            upstreams.close();
            throw e;
        }
        this.cache = new DnsCache(clock, config.cache().maxEntries());
        this.memory = new DomainMemory(clock, config.memory().grace(), config.memory().maxEntries());
        AtomicInteger n = new AtomicInteger();
        int threads = config.server().resolverThreads();
        // Bounded queue: under overload a query fails fast (SERVFAIL) instead of piling up behind others.
        this.finisher = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> {
                    Thread th = new Thread(r, "dns-resolve-" + n.incrementAndGet());
                    th.setDaemon(true);
                    return th;
                });
        this.resolver = ResolverFactory.create(config, policy, new NameRouter(localDomains), cache, memory, internet,
                local, clock, finisher);
        this.writer = new ResponseWriter(config.server().ednsUdpSize());
        this.server = new DnsServer(config.listen(), resolver, policy, writer, owners, config.server().udpThreads(),
                config.server().maxTcpConnections(), config.timeouts().tcpIdle());
        LOG.info("dns: upstreams {}, local resolvers {}, local domains {}", config.upstreams(), localSpecs, localDomains);
    }

    /**
     * Builds the module (nothing is bound yet). Local resolvers and search domains come from
     * {@code resolvConf} where the configuration leaves them open.
     */
    public static DnsService create(DnsConfig config, QueryPolicy policy, PortOwnerLookup owners, Clock clock,
                                    ResolvConf resolvConf) throws IOException {
        Objects.requireNonNull(policy, "policy");
        List<UpstreamSpec> localSpecs = config.localUpstreams() != null ? config.localUpstreams()
                : systemResolvers(resolvConf, config.listen());
        List<String> domains = new ArrayList<>(config.localDomains());
        if (config.systemSearchDomains()) {
            domains.addAll(resolvConf.searchDomains());
        }
        return new DnsService(config, policy, owners, clock, localSpecs, domains);
    }

    /** {@link #create(DnsConfig, QueryPolicy, PortOwnerLookup, Clock, ResolvConf)} with /etc/resolv.conf. */
    public static DnsService create(DnsConfig config, QueryPolicy policy, PortOwnerLookup owners, Clock clock)
            throws IOException {
        return create(config, policy, owners, clock, ResolvConf.read(ResolvConf.SYSTEM));
    }

    /** The system's nameservers, minus Netreeve's own listen addresses (asking ourselves would loop). */
    static List<UpstreamSpec> systemResolvers(ResolvConf conf, List<InetSocketAddress> listen) {
        List<UpstreamSpec> out = new ArrayList<>();
        for (InetAddress a : conf.nameservers()) {
            boolean ours = listen.stream().anyMatch(l -> l.getPort() == 53
                    && (l.getAddress().equals(a) || l.getAddress().isAnyLocalAddress()));
            if (ours) {
                continue;
            }
            String host = a.getHostAddress();
            int pct = host.indexOf('%');
            if (pct >= 0 && !a.isLinkLocalAddress()) {
                host = host.substring(0, pct);
            }
            out.add(UpstreamSpec.parse("dns://" + (host.contains(":") ? "[" + host + "]" : host) + "?scope=local"));
        }
        return out;
    }

    /** Binds the listen addresses and starts answering. */
    public void start() throws IOException {
        server.start();
    }

    /** The addresses bound (after {@link #start()}). */
    public List<InetSocketAddress> boundAddresses() {
        return server.boundAddresses();
    }

    /** The IP → domain memory the connection stages consult. */
    public DomainMemory memory() {
        return memory;
    }

    /**
     * Resolves {@code name} of type {@code type} through the same path as a client's query ({@code netreeve
     * dns query NAME --type T}) under {@code policy} (the daemon passes one that attributes the query as it
     * wants, e.g. to a profile), or the service's own policy when {@code null}. The answer does not feed the
     * memory.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid domain name
     */
    public CompletableFuture<QueryReport> query(String name, int type, QueryPolicy policy) {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a domain name: " + e.getMessage(), e);
        }
        Message m = Message.newQuery(Record.newRecord(n, type, DClass.IN));
        m.addRecord(new org.xbill.DNS.OPTRecord(config.server().ednsUdpSize(), 0, 0), org.xbill.DNS.Section.ADDITIONAL);
        byte[] wire = m.toWire();
        ParsedQuery q;
        try {
            q = QueryParser.parse(wire, wire.length);
        } catch (MalformedQueryException e) {
            throw new IllegalArgumentException("'" + name + "' cannot be queried: " + e.getMessage(), e);
        }
        QueryContext ctx = new QueryContext(null, null, QueryContext.INTERNAL, q.qname(), q.qtype(), q.id(), null);
        return resolver.resolve(ctx, q, policy == null ? this.policy : policy, false).thenApply(r -> {
            try {
                return new QueryReport(r, new Message(writer.render(q, r.template(), r.ageSeconds(),
                        ResponseWriter.TCP_LIMIT)));
            } catch (IOException e) {
                throw new IllegalStateException("rendered answer does not parse", e);
            }
        });
    }

    /** Cache, upstream and server statistics. */
    public DnsStats stats() {
        return new DnsStats(cache.stats(), internet.stats(), local.stats(), server.stats(), memory.size());
    }

    /** Empties the answer cache. The memory is kept: connections already made still need their domains. */
    public void flushCache() {
        cache.flush();
        LOG.info("dns cache flushed");
    }

    /** Stops serving and closes upstream connections. */
    @Override
    public void close() {
        server.close();
        finisher.shutdownNow();
        upstreams.close();
    }
}
