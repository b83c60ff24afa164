package org.netreeve.interception.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.netreeve.interception.nfqueue.DeferredVerdict;
import org.netreeve.interception.nfqueue.NfQueue;
import org.netreeve.interception.nfqueue.QueueConfig;
import org.netreeve.interception.nfqueue.QueuedPacket;
import org.netreeve.interception.nfqueue.QueueVerdict;
import org.netreeve.interception.packet.IpPacket;

/**
 * A test consumer run inside a namespace: binds the four queues and answers each packet with the
 * mark configured for its destination port, or a default. Protocol on standard input/output:
 * prints {@code READY} once bound; {@code PKT ...} per packet with {@code --log}; answers
 * {@code stats} with {@code STATS 17040=n 17060=n 17140=n 17160=n}; {@code quit} closes the queues
 * and prints {@code BYE}.
 *
 * <pre>
 * QueueProbe [--default MARK|drop] [--port PORT=MARK|drop]... [--defer] [--batch] [--log]
 * </pre>
 * {@code --defer} answers every packet from another thread, exercising the asynchronous path.
 */
public final class QueueProbe {
    private QueueProbe() {
    }

    public static void main(String[] args) throws Exception {
        QueueVerdict fallback = verdict("1710");
        Map<Integer, QueueVerdict> byPort = new HashMap<>();
        boolean defer = false;
        boolean batch = false;
        boolean log = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--default" -> fallback = verdict(args[++i]);
                case "--port" -> {
                    String[] parts = args[++i].split("=");
                    byPort.put(Integer.parseInt(parts[0]), verdict(parts[1]));
                }
                case "--defer" -> defer = true;
                case "--batch" -> batch = true;
                case "--log" -> log = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<Integer, AtomicLong> counts = new HashMap<>();
        ExecutorService deciders = Executors.newFixedThreadPool(2);
        List<NfQueue> queues = new ArrayList<>();
        int[] numbers = {QueueConfig.OUTBOUND_IPV4, QueueConfig.OUTBOUND_IPV6, QueueConfig.INBOUND_IPV4,
            QueueConfig.INBOUND_IPV6};
        for (int number : numbers) {
            counts.put(number, new AtomicLong());
        }
        QueueVerdict defaultVerdict = fallback;
        boolean deferAll = defer;
        boolean logAll = log;
        for (int number : numbers) {
            AtomicLong count = counts.get(number);
            NfQueue queue = NfQueue.open(QueueConfig.of(number).withBatchVerdicts(batch), packet -> {
                count.incrementAndGet();
                IpPacket ip = packet.ip();
                QueueVerdict verdict = byPort.getOrDefault(ip.destinationPort(), defaultVerdict);
                if (logAll) {
                    System.out.println("PKT " + describe(packet) + " -> " + verdict);
                }
                if (!deferAll) {
                    return verdict;
                }
                DeferredVerdict later = packet.defer();
                deciders.execute(() -> later.issue(verdict));
                return QueueVerdict.DEFER;
            }, Clock.systemUTC());
            queues.add(queue);
            queue.start();
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stats")) {
                StringBuilder text = new StringBuilder("STATS");
                for (int number : numbers) {
                    text.append(' ').append(number).append('=').append(counts.get(number).get());
                }
                for (NfQueue queue : queues) {
                    text.append(" q").append(queue.config().queueNumber()).append('{')
                            .append(queue.stats()).append('}');
                }
                System.out.println(text);
            } else if (line.equals("quit")) {
                break;
            }
            System.out.flush();
        }
        for (NfQueue queue : queues) {
            queue.close();
        }
        deciders.shutdownNow();
        System.out.println("BYE");
        System.out.flush();
        System.exit(0);
    }

    private static String describe(QueuedPacket packet) {
        IpPacket ip = packet.ip();
        return "q=" + packet.queueNumber() + " dir=" + packet.direction().name() + " v=" + ip.ipVersion() + " p="
                + ip.protocol() + " src=" + ip.sourceAddress().getHostAddress() + " sport=" + ip.sourcePort()
                + " dst=" + ip.destinationAddress().getHostAddress() + " dport=" + ip.destinationPort() + " flags=0x"
                + Integer.toHexString(ip.tcpFlags()) + " uid=" + (packet.hasUid() ? packet.uid() : -1)
                + " mark=" + packet.mark();
    }

    private static QueueVerdict verdict(String text) {
        if (text.equals("drop")) {
            return QueueVerdict.DROP;
        }
        return new QueueVerdict(QueueVerdict.Action.ACCEPT, Integer.parseInt(text));
    }
}
