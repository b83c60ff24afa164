package org.netreeve.daemon.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.netreeve.daemon.pipeline.Attributor;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.engine.facts.PacketFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.net.scope.Scope;
import org.netreeve.process.Attribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hot paths once before the first real packet: a cold JVM attributes its first socket
 * and makes its first decision many times slower than later ones, slow enough to exceed the
 * attribution budget, which would make the first connection after a start look unidentified.
 * Attributes a loopback connection of its own and decides it at every stage, without audit.
 */
final class Warmup {

  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  /** The longest warm-up may take. */
  private static final long BUDGET_NANOS = 2_000_000_000L;

  private Warmup() {}

  static void run(DecisionChain chain, Attributor attributor) {
    long t0 = System.nanoTime();
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, lo); Socket client = new Socket()) {
      client.connect(new InetSocketAddress(lo, server.getLocalPort()), 2000);
      try (Socket accepted = server.accept()) {
        Attribution a = null;
        for (int i = 0; i < 2000 && System.nanoTime() - t0 < BUDGET_NANOS / 3; i++) {
          a = attributor.attribute(6, lo, client.getLocalPort(), lo, server.getLocalPort(), true, -1);
        }
        DecisionRequest link = DecisionRequest.builder(Stage.LINK).process(a.process()).protocol(6)
            .local(lo, client.getLocalPort()).remote(lo, server.getLocalPort()).build();
        // Enough decisions for the JIT compiler to optimise the hot path, within a time budget.
        // Varying the port makes some of them miss the decision cache, so the rule engine warms too.
        for (int i = 0; i < 20_000 && System.nanoTime() - t0 < BUDGET_NANOS; i++) {
          DecisionRequest varied = DecisionRequest.builder(Stage.LINK).process(a.process()).protocol(6)
              .local(lo, client.getLocalPort()).remote(lo, 1024 + i % 2000).build();
          org.netreeve.engine.audit.AuditJson.toJson(quiet(chain, varied).audit());
          quiet(chain, link.atPacket(new PacketFacts(2, 0, false, 0)));
          quiet(chain, DecisionRequest.builder(Stage.BEFORE_INTEL).process(a.process()).domain("warmup.invalid")
              .queryType("A").build());
          quiet(chain, DecisionRequest.builder(Stage.AFTER_INTEL).process(a.process()).domain("warmup.invalid")
              .remote(lo, 0).resolverScope(Scope.INTERNET).queryType("A").build());
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("warm-up failed (the first connections may be slow): {}", e.toString());
    }
    log.debug("warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private static Flow quiet(DecisionChain chain, DecisionRequest request) {
    Flow f = DecisionChain.start(request);
    f.quiet(true);
    return chain.run(f);
  }
}
