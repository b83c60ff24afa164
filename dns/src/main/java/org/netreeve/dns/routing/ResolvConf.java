package org.netreeve.dns.routing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netreeve.net.address.IpLiteral;

/**
 * The parts of /etc/resolv.conf the nameserver needs: the system's nameservers (the default local resolvers)
 * and its search domains (names under them belong to the local network).
 *
 * @param nameservers   {@code nameserver} lines, in order
 * @param searchDomains {@code search} and {@code domain} entries, lower case, no trailing dot
 */
public record ResolvConf(List<InetAddress> nameservers, List<String> searchDomains) {

    public static final Path SYSTEM = Path.of("/etc/resolv.conf");

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        searchDomains = List.copyOf(searchDomains);
    }

    /** Reads a resolv.conf; a missing file reads as empty. */
    public static ResolvConf read(Path path) throws IOException {
        try {
            return parse(Files.readString(path));
        } catch (NoSuchFileException e) {
            return new ResolvConf(List.of(), List.of());
        }
    }

    /** Parses resolv.conf text; lines it does not understand are ignored, as the C library does. */
    public static ResolvConf parse(String text) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            int semi = line.indexOf(';');
            if (semi >= 0) {
                line = line.substring(0, semi);
            }
            String[] words = line.trim().split("\\s+");
            if (words.length < 2) {
                continue;
            }
            switch (words[0]) {
                case "nameserver":
                    InetAddress a = IpLiteral.parseOrNull(words[1]);
                    if (a != null) {
                        servers.add(a);
                    }
                    break;
                case "search":
                case "domain":
                    for (int i = 1; i < words.length; i++) {
                        String d = words[i].toLowerCase(Locale.ROOT).replaceAll("^\\.+|\\.+$", "");
                        if (!d.isEmpty() && !search.contains(d)) {
                            search.add(d);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return new ResolvConf(servers, search);
    }
}
