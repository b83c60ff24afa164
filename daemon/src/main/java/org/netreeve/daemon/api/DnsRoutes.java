package org.netreeve.daemon.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.netreeve.dns.service.DnsService;
import org.netreeve.dns.service.QueryReport;
import org.xbill.DNS.Type;

/** {@code /api/dns/cache}, {@code /api/dns/flush} and {@code /api/dns/query}: the nameserver, when it runs. */
final class DnsRoutes {

  private final DnsService dns;

  /** @param dns the nameserver, or null when it does not run */
  DnsRoutes(DnsService dns) {
    this.dns = dns;
  }

  void register(Map<String, Route> routes) {
    routes.put("/api/dns/cache", x -> {
      x.get();
      x.send(200, dns().stats());
    });
    routes.put("/api/dns/flush", x -> {
      x.post();
      dns().flushCache();
      x.send(200, Map.of("flushed", true));
    });
    routes.put("/api/dns/query", this::query);
  }

  private void query(Exchange x) throws Exception {
    x.authorize();
    String name = x.param("name");
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("missing parameter name");
    }
    String typeText = x.query().getOrDefault("type", "A").toUpperCase(Locale.ROOT);
    int type = Type.value(typeText);
    if (type < 0) {
      throw ApiException.badRequest("unknown query type \"" + typeText + "\"");
    }
    QueryReport r;
    try {
      r = dns().query(name, type, null).get(10, TimeUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("type", typeText);
    out.put("outcome", String.valueOf(r.resolution().outcome()));
    out.put("before", r.resolution().before() == null ? null : r.resolution().before().reason());
    out.put("response", r.responseText());
    x.send(200, out);
  }

  private DnsService dns() throws ApiException {
    if (dns == null) {
      throw ApiException.badRequest("the nameserver is not running (dns: enabled: false)");
    }
    return dns;
  }
}
