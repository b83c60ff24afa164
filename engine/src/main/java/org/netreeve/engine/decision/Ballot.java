package org.netreeve.engine.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.facts.Tier;
import org.netreeve.net.Verdict;

/**
 * Collects the votes of the rules that fire for one decision. Every DRL file declares it as the
 * global {@code ballot}:
 *
 * <pre>
 * global org.netreeve.engine.decision.Ballot ballot;
 *
 * rule "no telnet"
 * when
 *   Connection(remotePort == 23)
 * then
 *   ballot.block(kcontext, "telnet is never allowed");
 * end
 * </pre>
 *
 * <p>Thread rules: one ballot belongs to one rule session, which one thread uses at a time; it is
 * reset before each decision.
 *
 * <p>Rules outside the shipped package {@value #SHIPPED_PACKAGE} vote at most at tier
 * {@link Tier#USER}: a user rule may lower its precedence (state that it is only a default), but
 * cannot outrank what keeps the firewall working or the Fortress level.
 */
public final class Ballot {

  /** The DRL package of the shipped rule base. */
  public static final String SHIPPED_PACKAGE = "org.netreeve.rules";

  private final ArrayList<Vote> votes = new ArrayList<>();
  private final java.util.HashSet<String> inheritedRules = new java.util.HashSet<>();
  private String inspection;
  private Stage stage = Stage.LINK;

  /** Clears the ballot for a new decision at {@code stage}. */
  public void reset(Stage stage) {
    reset(stage, List.of());
  }

  /**
   * Clears the ballot for a new decision at {@code stage} that starts from {@code inherited} votes
   * (a link's, from its communication): they count as cast first, and a rule among them does not
   * vote again.
   */
  public void reset(Stage stage, List<Vote> inherited) {
    votes.clear();
    inheritedRules.clear();
    inspection = null;
    this.stage = stage;
    for (Vote v : inherited) {
      votes.add(v);
      inheritedRules.add(v.rulePackage() + '\u0000' + v.rule());
    }
  }

  /** The stage being decided. */
  public Stage stage() {
    return stage;
  }

  /** Votes {@code verdict} at {@code tier} with priority 0. */
  public void vote(RuleContext ctx, Tier tier, Verdict verdict, String reason) {
    vote(ctx, tier, 0, verdict, reason);
  }

  /** Votes {@code verdict} at {@code tier} and {@code priority} (higher wins within the tier). */
  public void vote(RuleContext ctx, Tier tier, int priority, Verdict verdict, String reason) {
    Rule rule = ctx.getRule();
    String pkg = rule.getPackageName();
    if (!inheritedRules.isEmpty() && inheritedRules.contains(pkg + '\u0000' + rule.getName())) {
      return;
    }
    Tier effective = tier;
    if (!SHIPPED_PACKAGE.equals(pkg) && tier.rank() > Tier.USER.rank()) {
      effective = Tier.USER;
    }
    // At the packet stages a vote belongs to the level that cast it (a link inherits its
    // communication's votes with their level); at the DNS stages to the rule's own stage.
    votes.add(new Vote(pkg, rule.getName(), effective, priority, verdict, reason,
        stage.isPacket() ? stage : ruleStage(rule)));
  }

  /** A user rule's accept, at tier {@link Tier#USER}. */
  public void allow(RuleContext ctx, String reason) {
    vote(ctx, Tier.USER, 0, Verdict.ACCEPT, reason);
  }

  /** A user rule's block (the peer is told: REJECT), at tier {@link Tier#USER}. */
  public void block(RuleContext ctx, String reason) {
    vote(ctx, Tier.USER, 0, Verdict.BLOCK, reason);
  }

  /** A user rule's silent drop, at tier {@link Tier#USER}. */
  public void drop(RuleContext ctx, String reason) {
    vote(ctx, Tier.USER, 0, Verdict.DROP, reason);
  }

  /**
   * Asks to keep the connection in user space so that later packets are decided at stage packet
   * (for example to check the TLS version). An accept then stays per packet instead of permanent.
   */
  public void inspect(RuleContext ctx, String what) {
    if (inspection == null) {
      inspection = what;
    }
  }

  /** The votes cast so far, in firing order. */
  public List<Vote> votes() {
    return votes;
  }

  /** What inspection was asked for, or null. */
  public String inspection() {
    return inspection;
  }

  /** The {@code @stage} of each rule, read once: rules are immutable definitions. */
  private static final java.util.concurrent.ConcurrentHashMap<Rule, java.util.Optional<Stage>> STAGES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The {@code @stage} of a rule, or null when it has none. */
  public static Stage ruleStage(Rule rule) {
    return STAGES.computeIfAbsent(rule, r -> java.util.Optional.ofNullable(readStage(r))).orElse(null);
  }

  private static Stage readStage(Rule rule) {
    Map<String, Object> meta = rule.getMetaData();
    if (meta == null || meta.isEmpty()) {
      return null;
    }
    Object s = meta.get("stage");
    if (s == null) {
      return null;
    }
    try {
      return Stage.parse(s.toString().replace("\"", ""));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
