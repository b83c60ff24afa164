package org.netreeve.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netreeve dns}: the daemon's nameserver. */
@Command(name = "dns", mixinStandardHelpOptions = true, description = "Query and manage the daemon's nameserver.",
    subcommands = {DnsCommand.Query.class, DnsCommand.Cache.class, DnsCommand.Flush.class})
public final class DnsCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** {@code netreeve dns query NAME [--type T]}. */
  @Command(name = "query", mixinStandardHelpOptions = true,
      description = "Resolve a name through the daemon's resolver (policy, cache, upstreams) and show the decision.")
  public static final class Query implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--type", defaultValue = "A", description = "Query type (default: ${DEFAULT-VALUE}).")
    String type;

    @Override
    public Integer call() throws Exception {
      JsonNode n = api.get("/api/dns/query?name=" + ApiClient.enc(name) + "&type=" + ApiClient.enc(type));
      System.out.println("Outcome:  " + n.path("outcome").asText());
      if (n.hasNonNull("before")) {
        System.out.println("Decision: " + n.path("before").asText());
      }
      System.out.println(n.path("response").asText());
      return 0;
    }
  }

  /** {@code netreeve dns cache}. */
  @Command(name = "cache", mixinStandardHelpOptions = true, description = "Show the DNS cache and upstream statistics.")
  public static final class Cache implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws Exception {
      System.out.println(api.pretty(api.get("/api/dns/cache")));
      return 0;
    }
  }

  /** {@code netreeve dns flush}. */
  @Command(name = "flush", mixinStandardHelpOptions = true, description = "Empty the DNS cache.")
  public static final class Flush implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws Exception {
      api.post("/api/dns/flush", null);
      System.out.println("DNS cache flushed");
      return 0;
    }
  }
}
