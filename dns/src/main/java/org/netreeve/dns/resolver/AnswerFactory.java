package org.netreeve.dns.resolver;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.message.ParsedQuery;
import org.netreeve.dns.policy.BlockStyle;
import org.netreeve.dns.policy.ResolvedAddress;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.policy.ResolverInfo;
import org.netreeve.net.address.IpLiteral;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Turns upstream responses into cacheable answers, and makes the answers Netreeve gives on its own. */
final class AnswerFactory {

    private static final int MAX_CNAME_HOPS = 16;
    private static final int EDE_BLOCKED = 15;
    private static final int EDE_FILTERED = 17;
    private static final int EDE_OPTION = 15;

    private final long minTtl;
    private final long maxTtl;
    private final long negativeMaxTtl;
    private final long blockedTtl;

    AnswerFactory(Duration minTtl, Duration maxTtl, Duration negativeMaxTtl, Duration blockedTtl) {
        this.minTtl = minTtl.toSeconds();
        this.maxTtl = maxTtl.toSeconds();
        this.negativeMaxTtl = negativeMaxTtl.toSeconds();
        this.blockedTtl = blockedTtl.toSeconds();
    }

    /** A prepared answer with its TTL for the cache, or TTL 0 when it must not be cached. */
    Prepared fromUpstream(ParsedQuery q, Message response, ResolverInfo resolver) {
        Name qname = q.name();
        int rcode = response.getRcode();
        List<Name> chain = new ArrayList<>();
        chain.add(qname);
        List<Record> answers = response.getSection(Section.ANSWER);
        Name current = qname;
        for (int hop = 0; hop < MAX_CNAME_HOPS; hop++) {
            Name next = null;
            for (Record r : answers) {
                if (r.getType() == Type.CNAME && r.getName().equals(current)) {
                    next = ((CNAMERecord) r).getTarget();
                    break;
                }
            }
            if (next == null || chain.contains(next)) {
                break;
            }
            chain.add(next);
            current = next;
        }
        // Records for names outside the chain answer nothing that was asked; they are not passed on.
        Set<Name> owners = new HashSet<>(chain);
        Message kept = new Message(response.getHeader().getID());
        kept.getHeader().setRcode(rcode & 0xf);
        if (response.getHeader().getFlag(Flags.AD)) {
            kept.getHeader().setFlag(Flags.AD);
        }
        List<ResolvedAddress> addresses = new ArrayList<>();
        long positiveTtl = Long.MAX_VALUE;
        for (Record r : answers) {
            if (!owners.contains(r.getName())) {
                continue;
            }
            kept.addRecord(r, Section.ANSWER);
            positiveTtl = Math.min(positiveTtl, r.getTTL());
            if (r instanceof ARecord) {
                addresses.add(new ResolvedAddress(((ARecord) r).getAddress(), clamp(r.getTTL())));
            } else if (r instanceof AAAARecord) {
                addresses.add(new ResolvedAddress(((AAAARecord) r).getAddress(), clamp(r.getTTL())));
            }
        }
        long negativeTtl = 0;
        for (Record r : response.getSection(Section.AUTHORITY)) {
            kept.addRecord(r, Section.AUTHORITY);
            if (r instanceof SOARecord) {
                negativeTtl = Math.min(Math.min(r.getTTL(), ((SOARecord) r).getMinimum()), negativeMaxTtl);
            }
        }
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            kept.addRecord(r, Section.ADDITIONAL);
        }
        long ttl;
        AnswerTemplate template;
        boolean positive = rcode == Rcode.NOERROR && kept.getSection(Section.ANSWER).size() > 0;
        boolean negative = rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && !positive);
        if (response.getHeader().getFlag(Flags.TC)) {
            ttl = 0;
            template = AnswerTemplate.of(kept, qname, q.qtype(), q.qclass(), minTtl, maxTtl, null);
        } else if (positive) {
            ttl = clamp(positiveTtl);
            template = AnswerTemplate.of(kept, qname, q.qtype(), q.qclass(), minTtl, maxTtl, null);
        } else if (negative) {
            ttl = negativeTtl;
            template = AnswerTemplate.of(kept, qname, q.qtype(), q.qclass(), 0, negativeTtl, null);
        } else {
            ttl = 0;
            template = AnswerTemplate.of(kept, qname, q.qtype(), q.qclass(), 0, 0, null);
        }
        List<String> cnames = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            cnames.add(presentation(chain.get(i)));
        }
        ResolvedAnswer answer = new ResolvedAnswer(q.qname(), q.qtype(), rcode, cnames, addresses, resolver, false);
        return new Prepared(template, answer, ttl);
    }

    /** {@code localhost} and its subdomains: loopback addresses (RFC 6761 section 6.3). */
    Prepared localhost(ParsedQuery q) {
        Name name = q.name();
        List<Record> records = new ArrayList<>();
        List<ResolvedAddress> addresses = new ArrayList<>();
        if (q.qtype() == Type.A || q.qtype() == Type.ANY) {
            InetAddress a = IpLiteral.parseOrNull("127.0.0.1");
            records.add(new ARecord(name, q.qclass(), 300, a));
            addresses.add(new ResolvedAddress(a, 300));
        }
        if (q.qtype() == Type.AAAA || q.qtype() == Type.ANY) {
            InetAddress a = IpLiteral.parseOrNull("::1");
            records.add(new AAAARecord(name, q.qclass(), 300, a));
            addresses.add(new ResolvedAddress(a, 300));
        }
        AnswerTemplate t = AnswerTemplate.ofRecords(Rcode.NOERROR, name, q.qtype(), q.qclass(), records, List.of(), null);
        ResolvedAnswer answer = new ResolvedAnswer(q.qname(), q.qtype(), Rcode.NOERROR, List.of(), addresses,
                ResolverInfo.INTERNAL, false);
        return new Prepared(t, answer, 0);
    }

    /** The answer for a blocked query. {@code filtered} marks removals by rebinding or scope checks. */
    AnswerTemplate blocked(ParsedQuery q, BlockStyle style, String reason, boolean filtered) {
        byte[] ede = ede(filtered ? EDE_FILTERED : EDE_BLOCKED, reason);
        switch (style) {
            case REFUSED:
                return AnswerTemplate.empty(Rcode.REFUSED, q.questionLength(), ede);
            case ZERO_ADDRESS:
                List<Record> records = new ArrayList<>();
                if (q.qtype() == Type.A) {
                    records.add(new ARecord(q.name(), q.qclass(), blockedTtl, IpLiteral.parseOrNull("0.0.0.0")));
                } else if (q.qtype() == Type.AAAA) {
                    records.add(new AAAARecord(q.name(), q.qclass(), blockedTtl, IpLiteral.parseOrNull("::")));
                }
                return AnswerTemplate.ofRecords(Rcode.NOERROR, q.name(), q.qtype(), q.qclass(), records, List.of(), ede);
            default:
                return AnswerTemplate.empty(Rcode.NXDOMAIN, q.questionLength(), ede);
        }
    }

    /** An error answer without records. */
    AnswerTemplate rcode(ParsedQuery q, int rcode) {
        return AnswerTemplate.empty(rcode, q.questionLength(), null);
    }

    /** {@code response} (a rendered answer) without the A/AAAA records not in {@code keep}. */
    AnswerTemplate keepOnly(ParsedQuery q, Message response, Set<InetAddress> keep) {
        Message m = new Message(0);
        m.getHeader().setRcode(response.getRcode() & 0xf);
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            for (Record r : response.getSection(section)) {
                InetAddress a = r instanceof ARecord ? ((ARecord) r).getAddress()
                        : r instanceof AAAARecord ? ((AAAARecord) r).getAddress() : null;
                if (a != null && !keep.contains(a)) {
                    continue;
                }
                if (r.getType() == Type.RRSIG && section == Section.ANSWER) {
                    // A signature over a changed RRset no longer validates; leave it out.
                    continue;
                }
                if (r.getType() != Type.OPT) {
                    m.addRecord(r, section);
                }
            }
        }
        return AnswerTemplate.of(m, q.name(), q.qtype(), q.qclass(), 0, Long.MAX_VALUE, null);
    }

    private long clamp(long ttl) {
        return Math.max(minTtl, Math.min(maxTtl, ttl));
    }

    static String presentation(Name n) {
        String s = n.toString(true).toLowerCase(java.util.Locale.ROOT);
        return s;
    }

    private static byte[] ede(int code, String reason) {
        String r = reason == null ? "" : reason.length() > 100 ? reason.substring(0, 100) : reason;
        byte[] text = r.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[6 + text.length];
        out[0] = 0;
        out[1] = (byte) EDE_OPTION;
        out[2] = (byte) ((2 + text.length) >>> 8);
        out[3] = (byte) (2 + text.length);
        out[4] = (byte) (code >>> 8);
        out[5] = (byte) code;
        System.arraycopy(text, 0, out, 6, text.length);
        return out;
    }

    /** A prepared answer: what to send, what the policy sees, and how long it may be cached. */
    record Prepared(AnswerTemplate template, ResolvedAnswer answer, long ttlSeconds) {
    }
}
