package org.netreeve.daemon.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netreeve.profiles.model.SecurityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the identity of the default gateway (its address and hardware address): on a network
 * Netreeve has not seen trusted, the level goes to Secure; when a known gateway address suddenly
 * answers from another hardware address (the signature of ARP spoofing), to Fortress. Setting
 * the level to Dynamic trusts the current network.
 *
 * <p>Known networks are kept in the state directory, one "address hardware-address" per line.
 */
public final class NetworkWatcher {

  private static final Logger log = LoggerFactory.getLogger(NetworkWatcher.class);

  /** The default gateway: its address and hardware address. */
  public record Gateway(String address, String mac) {}

  private final Path procNet;
  private final Path knownFile;
  private final SecurityLevels levels;
  private final Map<String, String> known = new LinkedHashMap<>();
  private Gateway last;

  public NetworkWatcher(Path procNet, Path knownFile, SecurityLevels levels) {
    this.procNet = procNet;
    this.knownFile = knownFile;
    this.levels = levels;
    try {
      if (Files.exists(knownFile)) {
        for (String line : Files.readAllLines(knownFile)) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 2) {
            known.put(f[0], f[1]);
          }
        }
      }
    } catch (IOException e) {
      log.warn("cannot read known networks {}: {}", knownFile, e.toString());
    }
  }

  /** Looks at the gateway now; raises the level when it is unknown or changed identity. */
  public synchronized Gateway check() {
    Gateway g = gateway();
    if (g != null && g.mac().equals("unresolved")) {
      // Not yet known who answers for the gateway: judge on the next look.
      return g;
    }
    if (g == null || g.equals(last)) {
      last = g;
      return g;
    }
    last = g;
    String mac = known.get(g.address());
    if (mac == null) {
      levels.raise(SecurityLevel.SECURE, "unknown network (gateway " + g.address() + " at " + g.mac() + ")");
    } else if (!mac.equals(g.mac())) {
      levels.raise(SecurityLevel.FORTRESS, "the gateway " + g.address() + " changed its hardware address from "
          + mac + " to " + g.mac() + " (possible ARP spoofing)");
    }
    return g;
  }

  /** Trusts the current network (the user chose Dynamic on it). */
  public synchronized void trustCurrent() {
    Gateway g = gateway();
    if (g == null) {
      return;
    }
    known.put(g.address(), g.mac());
    StringBuilder sb = new StringBuilder();
    known.forEach((a, m) -> sb.append(a).append(' ').append(m).append('\n'));
    try {
      Files.createDirectories(knownFile.toAbsolutePath().getParent());
      Files.writeString(knownFile, sb.toString());
    } catch (IOException e) {
      log.warn("cannot keep known networks in {}: {}", knownFile, e.toString());
    }
  }

  /** The default IPv4 gateway and its hardware address, or null when there is none. */
  Gateway gateway() {
    try {
      String gw = null;
      List<String> route = Files.readAllLines(procNet.resolve("route"));
      for (String line : route.subList(Math.min(1, route.size()), route.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 2 && f[1].equals("00000000") && !f[2].equals("00000000")) {
          long v = Long.parseLong(f[2], 16);
          gw = (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
          break;
        }
      }
      if (gw == null) {
        return null;
      }
      for (String line : Files.readAllLines(procNet.resolve("arp"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[0].equals(gw) && !f[3].equals("00:00:00:00:00:00")) {
          return new Gateway(gw, f[3].toLowerCase(Locale.ROOT));
        }
      }
      return new Gateway(gw, "unresolved");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
