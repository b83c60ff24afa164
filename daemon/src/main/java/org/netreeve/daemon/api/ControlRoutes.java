package org.netreeve.daemon.api;

import java.util.Locale;
import java.util.Map;
import org.netreeve.profiles.model.SecurityLevel;

/** {@code /api/status}, {@code /api/level}, {@code /api/reload} and {@code /api/intel/reload}. */
final class ControlRoutes {

  private final StatusSource status;
  private final LevelControl level;
  private final PolicyReload reload;

  ControlRoutes(StatusSource status, LevelControl level, PolicyReload reload) {
    this.status = status;
    this.level = level;
    this.reload = reload;
  }

  void register(Map<String, Route> routes) {
    routes.put("/api/status", this::status);
    routes.put("/api/level", this::level);
    routes.put("/api/reload", x -> reloaded(x, true));
    routes.put("/api/intel/reload", x -> reloaded(x, false));
  }

  private void status(Exchange x) throws Exception {
    x.get();
    x.send(200, status.status());
  }

  private void level(Exchange x) throws Exception {
    if ("GET".equals(x.method())) {
      x.send(200, Map.of("level", name(level.current()), "reason", level.reason()));
      return;
    }
    if (!"POST".equals(x.method()) && !"PUT".equals(x.method())) {
      throw x.notAllowed();
    }
    x.authorize();
    String l = x.param("level");
    if (l == null) {
      l = x.body().trim();
    }
    SecurityLevel next = SecurityLevel.fromYaml(l);
    if (next == null) {
      throw ApiException.badRequest("unknown level \"" + l + "\", expected dynamic, secure or fortress");
    }
    level.set(next, "set by the user");
    x.send(200, Map.of("level", name(next)));
  }

  private void reloaded(Exchange x, boolean policy) throws Exception {
    x.post();
    String error = policy ? reload.reload() : reload.reloadIntel();
    x.send(error == null ? 200 : 422, error == null ? Map.of("reloaded", true)
        : Map.of("reloaded", false, "error", error));
  }

  static String name(SecurityLevel l) {
    return l.yamlName().toLowerCase(Locale.ROOT);
  }
}
