package org.netreeve.daemon.pipeline;

import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.facts.Verdict;
import org.netreeve.interception.conntrack.ConntrackClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a policy reload or a change of security level, the links the kernel handles on its own
 * (permanent verdicts) are decided again; those whose verdict would now differ get their conntrack
 * mark cleared, so their next packet comes back to user space and is decided, and audited, anew.
 */
public final class Redecider {

  private static final Logger log = LoggerFactory.getLogger(Redecider.class);

  private final Engine engine;
  private final LinkRegistry links;
  private final ConntrackClient conntrack;

  /** @param conntrack the conntrack client, or null when marks cannot be changed (no interception) */
  public Redecider(Engine engine, LinkRegistry links, ConntrackClient conntrack) {
    this.engine = engine;
    this.links = links;
    this.conntrack = conntrack;
  }

  /** Decides every permanent link again; returns how many were handed back to user space. */
  public int run(String why) {
    int changed = 0;
    int checked = 0;
    for (LinkRegistry.Record r : links.records()) {
      if (!r.verdict().isPermanent() || r.inspection() != null) {
        continue;
      }
      checked++;
      Verdict now;
      try {
        now = engine.evaluate(r.request()).verdict();
      } catch (RuntimeException e) {
        log.warn("re-deciding {} failed: {}", r.link(), e.toString());
        continue;
      }
      if (now == r.verdict()) {
        continue;
      }
      try {
        if (conntrack != null) {
          conntrack.clearMark(r.link().tuple());
        }
        links.forget(r.link());
        changed++;
      } catch (Exception e) {
        log.warn("clearing the mark of {} failed: {}", r.link(), e.toString());
      }
    }
    if (changed > 0) {
      log.info("{}: {} of {} connections will be decided again", why, changed, checked);
    }
    return changed;
  }
}
