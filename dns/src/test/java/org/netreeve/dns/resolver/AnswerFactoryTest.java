package org.netreeve.dns.resolver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.message.QueryParser;
import org.netreeve.dns.message.ResponseWriter;
import org.netreeve.dns.policy.ResolverInfo;
import org.netreeve.dns.policy.ResolverScope;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswerFactoryTest {

    private final AnswerFactory factory = new AnswerFactory(Duration.ofSeconds(30), Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofSeconds(10));
    private final ResolverInfo global = new ResolverInfo("dns://192.0.2.1", ResolverScope.GLOBAL);

    @Test
    void positiveTtlIsTheSmallestRecordTtlWithinBounds() throws Exception {
        ParsedQuery q = query("a.test", Type.A);
        Message r = response(q, Rcode.NOERROR);
        r.addRecord(new ARecord(n("a.test"), DClass.IN, 5, ip("192.0.2.1")), Section.ANSWER);
        r.addRecord(new ARecord(n("a.test"), DClass.IN, 600, ip("192.0.2.2")), Section.ANSWER);
        AnswerFactory.Prepared p = factory.fromUpstream(q, r, global);
        assertEquals(30, p.ttlSeconds(), "raised to the minimum");
        assertEquals(30, p.answer().addresses().get(0).ttlSeconds());
        r = response(q, Rcode.NOERROR);
        r.addRecord(new ARecord(n("a.test"), DClass.IN, 86400 * 7, ip("192.0.2.1")), Section.ANSWER);
        assertEquals(3600, factory.fromUpstream(q, r, global).ttlSeconds(), "capped at the maximum");
    }

    @Test
    void negativeAnswersLiveForTheSoaMinimumCapped() throws Exception {
        ParsedQuery q = query("nope.test", Type.A);
        Message r = response(q, Rcode.NXDOMAIN);
        r.addRecord(soa(3600, 120), Section.AUTHORITY);
        assertEquals(120, factory.fromUpstream(q, r, global).ttlSeconds());
        r = response(q, Rcode.NXDOMAIN);
        r.addRecord(soa(3600, 86400), Section.AUTHORITY);
        assertEquals(300, factory.fromUpstream(q, r, global).ttlSeconds(), "capped at negative-max-ttl");
        r = response(q, Rcode.NXDOMAIN);
        r.addRecord(soa(60, 86400), Section.AUTHORITY);
        assertEquals(60, factory.fromUpstream(q, r, global).ttlSeconds(), "SOA's own TTL bounds it too");
        assertEquals(0, factory.fromUpstream(q, response(q, Rcode.NXDOMAIN), global).ttlSeconds(),
                "without SOA there is no negative caching");
        assertEquals(0, factory.fromUpstream(q, response(q, Rcode.SERVFAIL), global).ttlSeconds());
    }

    @Test
    void followsTheCnameChainAndDropsRecordsOutsideIt() throws Exception {
        ParsedQuery q = query("www.shop.test", Type.A);
        Message r = response(q, Rcode.NOERROR);
        r.addRecord(new CNAMERecord(n("www.shop.test"), DClass.IN, 300, n("shop.cdn.test")), Section.ANSWER);
        r.addRecord(new CNAMERecord(n("shop.cdn.test"), DClass.IN, 300, n("edge.cdn.test")), Section.ANSWER);
        r.addRecord(new ARecord(n("edge.cdn.test"), DClass.IN, 300, ip("192.0.2.7")), Section.ANSWER);
        r.addRecord(new ARecord(n("bank.test"), DClass.IN, 300, ip("192.0.2.66")), Section.ANSWER);
        AnswerFactory.Prepared p = factory.fromUpstream(q, r, global);
        assertEquals(List.of("shop.cdn.test", "edge.cdn.test"), p.answer().cnameChain());
        assertEquals(List.of(ip("192.0.2.7")), p.answer().addressList());
        Message served = new Message(new ResponseWriter(1232).render(q, p.template(), 0, 65535));
        assertEquals(3, served.getSection(Section.ANSWER).size(), "injected record for another name removed");
    }

    @Test
    void zeroAddressBlockAnswersMatchTheType() throws Exception {
        ParsedQuery a = query("ads.test", Type.A);
        Message m = new Message(new ResponseWriter(1232).render(a,
                factory.blocked(a, org.netreeve.dns.policy.BlockStyle.ZERO_ADDRESS, "r", false), 0, 512));
        assertEquals("0.0.0.0", ((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        assertEquals(10, m.getSection(Section.ANSWER).get(0).getTTL());
        ParsedQuery mx = query("ads.test", Type.MX);
        Message n = new Message(new ResponseWriter(1232).render(mx,
                factory.blocked(mx, org.netreeve.dns.policy.BlockStyle.ZERO_ADDRESS, "r", false), 0, 512));
        assertEquals(Rcode.NOERROR, n.getRcode());
        assertEquals(0, n.getSection(Section.ANSWER).size());
    }

    private static ParsedQuery query(String name, int type) throws Exception {
        byte[] w = Message.newQuery(Record.newRecord(n(name), type, DClass.IN)).toWire();
        return QueryParser.parse(w, w.length);
    }

    private static Message response(ParsedQuery q, int rcode) {
        Message r = new Message(q.id());
        r.getHeader().setRcode(rcode);
        r.addRecord(Record.newRecord(q.name(), q.qtype(), q.qclass()), Section.QUESTION);
        return r;
    }

    private static SOARecord soa(long ttl, long minimum) throws Exception {
        return new SOARecord(n("test"), DClass.IN, ttl, n("ns.test"), n("host.test"), 1, 3600, 900, 86400, minimum);
    }

    private static Name n(String s) throws Exception {
        return Name.fromString(s + ".");
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }
}
