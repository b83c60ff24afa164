package org.netreeve.intel.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MaxMind's test databases (copied under src/test/resources/mmdb, MIT) and the JSON they were built from. */
final class MmdbTestData {

    private MmdbTestData() {
    }

    static Path dir() {
        try {
            return Path.of(MmdbTestData.class.getResource("/mmdb/LICENSE-MIT").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    /** One network of a source JSON file. */
    record Network(InetAddress first, byte[] bytes, int prefix, JsonNode data) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != bytes.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit & 7);
                if ((a[bit >>> 3] & mask) != (bytes[bit >>> 3] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    static List<Network> networks(String jsonName) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file(jsonName).toFile());
        List<Network> out = new ArrayList<>();
        for (JsonNode entry : root) {
            Map.Entry<String, JsonNode> only = entry.fields().next();
            String[] cidr = only.getKey().split("/");
            InetAddress first = InetAddress.getByName(cidr[0]);
            out.add(new Network(first, first.getAddress(), Integer.parseInt(cidr[1]), only.getValue()));
        }
        return out;
    }

    /** The most specific network of {@code networks} that holds {@code address}. */
    static Network mostSpecific(List<Network> networks, InetAddress address) {
        Network best = null;
        for (Network n : networks) {
            if (n.contains(address) && (best == null || n.prefix() > best.prefix())) {
                best = n;
            }
        }
        return best;
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
