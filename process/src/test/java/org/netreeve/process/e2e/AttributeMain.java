package org.netreeve.process.e2e;

import org.netreeve.net.IpProtocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.netreeve.process.Attribution;
import org.netreeve.net.Direction;
import org.netreeve.process.LinkQuery;
import org.netreeve.process.ProcessResolver;
import org.netreeve.process.ResolverConfig;

/**
 * Attributes connections in the network namespace it runs in, one per line of standard input:
 * {@code tcp|udp out|in LOCAL_ADDRESS LOCAL_PORT REMOTE_ADDRESS REMOTE_PORT}. It answers each
 * with one tab-separated line {@code OUTCOME PID UID EXE CMDLINE} (or {@code error MESSAGE}),
 * after printing {@code ready} once the resolver is open.
 */
public final class AttributeMain {

  private AttributeMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (ProcessResolver resolver = ProcessResolver.open(
        ResolverConfig.defaults().withBudget(Duration.ofSeconds(5)), Clock.systemUTC())) {
      out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          String[] f = line.trim().split("\\s+");
          if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 fields, got " + f.length);
          }
          LinkQuery query = new LinkQuery(IpProtocol.parse(f[0]),
              InetAddress.getByName(f[2]), Integer.parseInt(f[3]), InetAddress.getByName(f[4]),
              Integer.parseInt(f[5]), f[1].equals("in") ? Direction.INBOUND : Direction.OUTBOUND,
              LinkQuery.NO_UID, 0);
          Attribution a = resolver.attribute(query);
          out.println(a.outcome() + "\t" + a.process().pid() + "\t" + a.process().uid() + "\t"
              + a.process().exe() + "\t" + a.process().cmdline().replace('\t', ' ')
              .replace('\n', ' '));
        } catch (RuntimeException e) {
          out.println("error\t" + e);
        }
      }
    }
  }
}
