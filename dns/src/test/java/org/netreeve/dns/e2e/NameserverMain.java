package org.netreeve.dns.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.netreeve.dns.config.DnsConfig;
import org.netreeve.dns.config.DnsConfigParser;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.dns.server.AddressInUseException;
import org.netreeve.dns.server.ProcPortOwnerLookup;
import org.netreeve.dns.service.DnsService;

/**
 * Runs one nameserver per properties file until its standard input closes — the end-to-end tests and the
 * benchmark start it inside a network namespace ({@code ip netns exec NS java -cp ... NameserverMain a.properties}).
 *
 * <p>Properties use the {@code dns:} keys with dots for nesting ({@code cache.max-ttl=1h}) and commas for lists
 * ({@code upstreams=dns://192.0.2.1,dns://192.0.2.2}); {@code test.block.nxdomain}, {@code test.block.zero},
 * {@code test.block.refused} list names the test policy blocks with that style, {@code test.block.chain} names
 * blocked also behind a CNAME, {@code test.token} the attribution token. Prints {@code READY <addresses>} when all
 * listen, or {@code ERROR <message>} and exits with 3 when an address is in use.
 */
public final class NameserverMain {

    private NameserverMain() {
    }

    public static void main(String[] args) throws Exception {
        List<DnsService> services = new ArrayList<>();
        try {
            for (String file : args) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    p.load(in);
                }
                Map<String, BlockStyle> blocked = new HashMap<>();
                Set<String> chain = new HashSet<>();
                String token = p.getProperty("test.token", "test-profile");
                Map<String, Object> section = new LinkedHashMap<>();
                for (String key : p.stringPropertyNames()) {
                    String value = p.getProperty(key).trim();
                    switch (key) {
                        case "test.block.nxdomain": names(value).forEach(n -> blocked.put(n, BlockStyle.NXDOMAIN)); break;
                        case "test.block.zero": names(value).forEach(n -> blocked.put(n, BlockStyle.ZERO_ADDRESS)); break;
                        case "test.block.refused": names(value).forEach(n -> blocked.put(n, BlockStyle.REFUSED)); break;
                        case "test.block.chain": chain.addAll(names(value)); break;
                        case "test.token": break;
                        default: put(section, key, value);
                    }
                }
                DnsConfig config = new DnsConfigParser().parse(section);
                DnsService s = DnsService.create(config, new TestPolicy(blocked, chain, token),
                        new ProcPortOwnerLookup(), Clock.systemUTC());
                services.add(s);
                s.start();
            }
        } catch (AddressInUseException e) {
            System.out.println("ERROR " + e.getMessage());
            System.out.flush();
            services.forEach(DnsService::close);
            System.exit(3);
        }
        List<String> bound = new ArrayList<>();
        services.forEach(s -> s.boundAddresses().forEach(a -> bound.add(a.toString())));
        System.out.println("READY " + String.join(" ", bound));
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        } catch (IOException e) {
            // parent gone
        }
        services.forEach(DnsService::close);
        System.exit(0);
    }

    private static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        for (String n : value.split(",")) {
            if (!n.isBlank()) {
                out.add(n.trim().toLowerCase());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> section, String key, String value) {
        int dot = key.indexOf('.');
        if (dot < 0) {
            section.put(key, value);
            return;
        }
        Map<String, Object> inner = (Map<String, Object>) section.computeIfAbsent(key.substring(0, dot),
                k -> new LinkedHashMap<String, Object>());
        put(inner, key.substring(dot + 1), value);
    }
}
