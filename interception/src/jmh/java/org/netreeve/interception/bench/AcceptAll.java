package org.netreeve.interception.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.netreeve.interception.iptables.IpFamily;
import org.netreeve.interception.iptables.ProcessCommandRunner;
import org.netreeve.interception.iptables.RuleConfig;
import org.netreeve.interception.iptables.RuleInstaller;
import org.netreeve.net.Verdict;
import org.netreeve.net.netlink.NetlinkException;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.interception.nfqueue.QueueConfig;
import org.netreeve.interception.nfqueue.QueueVerdict;

/**
 * Binds the four queues and accepts every packet with mark 1710 (permanent accept), so only the
 * first packet of each connection reaches it. Prints {@code READY} once bound and, when it stops
 * (SIGTERM/SIGINT), per-queue counts and {@code RATE queue=N packets=P seconds=S rate=R}: packets
 * answered between the first and the last packet the queue saw.
 *
 * <pre>
 * java -cp netreeve-interception.jar:jna.jar:slf4j-api.jar org.netreeve.interception.bench.AcceptAll
 *     [--batch] [--mark N] [--install-rules]
 * </pre>
 *
 * {@code --install-rules} installs the product's chains before binding and removes them on exit;
 * run it only inside a network namespace made for the purpose.
 */
public final class AcceptAll {
    private AcceptAll() {
    }

    public static void main(String[] args) throws Exception {
        boolean batch = false;
        boolean installRules = false;
        int mark = Verdict.PERMANENT_ACCEPT.mark();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = true;
                case "--install-rules" -> installRules = true;
                case "--mark" -> mark = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument: " + args[i]
                            + " (usage: AcceptAll [--batch] [--mark N] [--install-rules])");
                    System.exit(2);
                }
            }
        }
        Verdict known = Verdict.ofMark(mark);
        QueueVerdict verdict = known != null ? QueueVerdict.accept(known) : new QueueVerdict(QueueVerdict.Action.ACCEPT, mark);
        RuleInstaller installer = null;
        if (installRules) {
            installer = new RuleInstaller(new ProcessCommandRunner(), RuleConfig.defaults(),
                    java.util.Set.of(IpFamily.IPV4, IpFamily.IPV6));
            installer.install();
        }
        List<NfQueue> queues = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        try {
            for (int number : new int[] {QueueConfig.OUTBOUND_IPV4, QueueConfig.OUTBOUND_IPV6,
                QueueConfig.INBOUND_IPV4, QueueConfig.INBOUND_IPV6}) {
                // {first, last} packet time in nanoseconds; written by the queue's thread only.
                long[] span = new long[2];
                spans.add(span);
                NfQueue queue = NfQueue.open(QueueConfig.of(number).withBatchVerdicts(batch), packet -> {
                    long now = System.nanoTime();
                    if (span[0] == 0) {
                        span[0] = now;
                    }
                    span[1] = now;
                    return verdict;
                }, Clock.systemUTC());
                queues.add(queue);
                queue.start();
            }
        } catch (NetlinkException e) {
            queues.forEach(NfQueue::close);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        RuleInstaller finalInstaller = installer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = 0; i < queues.size(); i++) {
                NfQueue queue = queues.get(i);
                queue.close();
                System.out.println("STATS " + queue.config().queueNumber() + " " + queue.stats());
                long[] span = spans.get(i);
                long packets = queue.stats().received();
                double seconds = (span[1] - span[0]) / 1e9;
                if (packets > 1 && seconds > 0) {
                    System.out.printf("RATE queue=%d packets=%d seconds=%.3f rate=%.0f%n",
                            queue.config().queueNumber(), packets, seconds, (packets - 1) / seconds);
                }
            }
            if (finalInstaller != null) {
                try {
                    finalInstaller.uninstall();
                } catch (Exception e) {
                    System.err.println("removing rules failed: " + e.getMessage());
                }
            }
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("READY");
        System.out.flush();
        stopped.await();
    }
}
