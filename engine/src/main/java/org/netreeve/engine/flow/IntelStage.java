package org.netreeve.engine.flow;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.facts.IntelFacts;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.intel.filterlists.Selection;
import org.netreeve.net.address.IpLiteral;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * Stage "intel": what is known about the remote end. The domain and its CNAMEs in normal form,
 * the network scope of the remote address, whether it is Netreeve's own nameserver, and intel
 * (filter lists, with those selected for the profile or the level marked as blocking; country,
 * continent, AS). For a first packet it also finds the intel of the communication's entity alone
 * (the domain, or the address when there is no domain), which the communication is decided on.
 */
public final class IntelStage implements FlowStage {

  private final ScopeClassifier classifier;
  private final Set<InetSocketAddress> nameservers;

  /** @param nameservers the addresses Netreeve's nameserver listens on (their traffic is always allowed) */
  public IntelStage(ScopeClassifier classifier, Set<InetSocketAddress> nameservers) {
    this.classifier = classifier;
    this.nameservers = Set.copyOf(nameservers);
  }

  @Override
  public void apply(Flow f) {
    DecisionRequest req = f.request();
    f.domain = f.domain == null ? null : normaliseDomain(f.domain);
    f.cnames = normalise(f.cnames);
    InetAddress remote = req.remoteAddress();
    if (remote != null) {
      f.scope = classifier.classify(remote);
      f.toNameserverAddress = isNameserverAddress(remote);
      f.toNameserver = f.toNameserverAddress && req.remotePort() == 53 && isNameserver(remote, 53);
    }
    Set<String> selection = f.profile.getFilterLists() != null ? f.profile.getFilterLists()
        : f.snapshot.config().filterLists().getOrDefault(f.level, Set.of());
    f.intel = intel(req, f.domain, f.cnames, remote, selection, f.intelSource);
    Stage s = req.stage();
    if (s == Stage.COMMUNICATION || s == Stage.LINK) {
      f.entityIntel = f.domain == null || req.intel() != null ? f.intel
          : intel(req, f.domain, f.cnames, null, selection, f.intelSource);
    }
  }

  private static IntelFacts intel(DecisionRequest req, String domain, List<String> cnames, InetAddress remote,
      Set<String> selection, IntelSource source) {
    if (req.intel() != null) {
      DecisionRequest.IntelOverride o = req.intel();
      Set<String> blocking = new TreeSet<>();
      for (String l : o.lists()) {
        if (Selection.selects(selection, l, null)) {
          blocking.add(l);
        }
      }
      for (String cat : o.categories()) {
        if (Selection.selects(selection, cat, cat)) {
          blocking.add(o.lists().isEmpty() ? cat : o.lists().get(0));
        }
      }
      String named = blocking.isEmpty() ? null : domain != null ? domain : IpLiteral.text(req.remoteAddress());
      return new IntelFacts(new TreeSet<>(o.lists()), new TreeSet<>(o.categories()), blocking, named, o.country(),
          o.continent(), o.asn(), o.asOrganisation());
    }
    if (domain == null && remote == null) {
      return IntelFacts.NONE;
    }
    IntelSource.IntelLookup l = source.lookup(domain, cnames, remote);
    if (l.lists().isEmpty() && l.country() == null && l.asn() == 0) {
      return IntelFacts.NONE;
    }
    Set<String> lists = new TreeSet<>();
    Set<String> categories = new TreeSet<>();
    Set<String> blocking = new TreeSet<>();
    String named = null;
    for (Map.Entry<String, IntelSource.ListHit> e : l.lists().entrySet()) {
      lists.add(e.getKey());
      String cat = e.getValue().category();
      if (cat != null) {
        categories.add(cat);
      }
      if (Selection.selects(selection, e.getKey(), cat)) {
        blocking.add(e.getKey());
        if (named == null) {
          named = e.getValue().name();
        }
      }
    }
    return new IntelFacts(lists, categories, blocking, named, l.country(), l.continent(), l.asn(),
        l.asOrganisation());
  }

  private boolean isNameserver(InetAddress a, int port) {
    for (InetSocketAddress ns : nameservers) {
      if (ns.getPort() == port && ns.getAddress().equals(a)) {
        return true;
      }
    }
    return false;
  }

  private boolean isNameserverAddress(InetAddress a) {
    for (InetSocketAddress ns : nameservers) {
      if (ns.getAddress().equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** A domain in normal form: lower case, without a trailing dot. */
  static String normaliseDomain(String d) {
    boolean clean = !d.isEmpty() && d.charAt(d.length() - 1) != '.';
    for (int i = 0; clean && i < d.length(); i++) {
      char c = d.charAt(i);
      clean = !(c >= 'A' && c <= 'Z') && c > ' ';
    }
    if (clean) {
      return d;
    }
    String s = d.trim().toLowerCase(Locale.ROOT);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static List<String> normalise(List<String> names) {
    if (names.isEmpty()) {
      return names;
    }
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(normaliseDomain(n));
    }
    return out;
  }
}
