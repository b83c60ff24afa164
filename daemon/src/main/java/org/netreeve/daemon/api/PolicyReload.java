package org.netreeve.daemon.api;

/** Reloads for {@code POST /api/reload} and {@code POST /api/intel/reload}. */
public interface PolicyReload {
  /** Reloads the policy (and intel); null when reloaded, else the errors (the running policy stays). */
  String reload();

  /** Reloads intel only; null when reloaded, else the error. */
  String reloadIntel();
}
