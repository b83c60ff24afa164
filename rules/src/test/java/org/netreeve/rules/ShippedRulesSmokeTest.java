package org.netreeve.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.decision.DecisionRequest;
import org.netreeve.engine.decision.Engine;
import org.netreeve.engine.flow.DecisionChain;
import org.netreeve.engine.flow.Flow;
import org.netreeve.engine.policy.PolicyState;
import org.netreeve.engine.facts.ProfileFact;
import org.netreeve.engine.facts.Stage;
import org.netreeve.engine.policy.IntelSource;
import org.netreeve.engine.policy.PolicyConfig;
import org.netreeve.engine.policy.PolicySnapshot;
import org.netreeve.engine.policy.ProfileResolver;
import org.netreeve.engine.rulebase.RuleBase;
import org.netreeve.engine.rulebase.RuleBaseLoader;
import org.netreeve.process.ProcessInfo;
import org.netreeve.profiles.model.Flag;
import org.netreeve.profiles.model.SecurityLevel;

class ShippedRulesSmokeTest {

  @Test
  void internetFlagDecides() throws Exception {
    RuleBase rb = RuleBaseLoader.standard().build(Map.of());
    ProfileFact curl = new ProfileFact("curl", "curl", null, null, "exact", EnumSet.noneOf(Flag.class),
        SecurityLevel.DYNAMIC, null, false, null, List.of(), null, null, null, null, null, null);
    ProfileResolver r = new ProfileResolver() {
      public Resolution resolve(ProcessInfo p, boolean k) { return new Resolution(curl, p); }
      public int size() { return 1; }
    };
    PolicySnapshot snap = PolicySnapshot.of(null, java.time.Instant.now(), rb, r, PolicyConfig.defaults());
    DecisionChain e = DecisionChain.dryRun(new PolicyState(snap, IntelSource.NONE), new Engine(),
        Set.of(new InetSocketAddress("127.0.0.1", 53)), Clock.systemUTC());
    ProcessInfo p = new ProcessInfo(10, 1, 5, "/usr/bin/curl", "curl x", List.of("curl", "x"), 1000, "alice",
        List.of(), "", "");
    Flow o = e.run(DecisionRequest.builder(Stage.LINK).process(p).protocol(6)
        .remote(InetAddress.getByName("93.184.216.34"), 443).domain("example.com").dnsResolved(true).build());
    System.out.println(AuditJson.toJson(o.audit()));
    assertEquals("flags.internet", o.decision().winner().rule());
    assertEquals("PermanentBlock", o.verdict().label());
  }
}
