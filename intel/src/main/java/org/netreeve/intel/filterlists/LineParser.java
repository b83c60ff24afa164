package org.netreeve.intel.filterlists;

import org.netreeve.net.address.IpLiteral;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * Classifies one line of a list file and turns it into entry keys.
 *
 * <p>Works on the raw bytes of the line: ASCII lines (nearly all of them) never become strings.
 * A line with non-ASCII bytes is decoded and its internationalised names converted to their
 * ASCII (punycode) form first, since DNS queries carry that form.
 *
 * <p>Grammar per {@link ListFormat}: see {@code docs/intel.md}. In short, hosts lines
 * ({@code 0.0.0.0 a.example b.example}), bare domains or IPs, and the pure AdBlock domain rules
 * {@code ||domain^}, {@code ||domain^$all|important|document|doc} and their {@code @@} exceptions
 * produce entries; cosmetic rules, rules with paths or restricting options are skipped; anything
 * that claims to be a domain but is not one is malformed.
 */
final class LineParser {

    /** Receives what a line produced. */
    interface Sink {
        /** A domain entry: its key and the key of its last two labels (see {@link DomainKeys}). */
        void domain(long key, long base, boolean exception);

        void ip(long key, boolean exception);

        void skipped(SkipReason reason);

        void malformed(String reason);
    }

    /** Replaces a non-ASCII run that is not a valid international name, so that it fails validation. */
    private static final byte INVALID = 1;

    private static final String[] LOCAL_NAMES = {
        "localhost", "localhost.localdomain", "local", "broadcasthost", "ip6-localhost", "ip6-loopback",
        "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts", "0.0.0.0",
    };

    private final ListFormat format;
    private final long seed;
    /** Base of the name last accepted by {@link #domainKey}; the parser is confined to one thread. */
    private long base;

    LineParser(ListFormat format, long seed) {
        this.format = format;
        this.seed = seed;
    }

    /** Parses {@code line} (convenience for tests and small inputs). */
    void parse(String line, Sink sink) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        parse(b, 0, b.length, sink);
    }

    /** Parses the line in {@code b[from, to)} (no line terminator). */
    void parse(byte[] b, int from, int to, Sink sink) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                byte[] ascii = toAscii(new String(b, from, to - from, StandardCharsets.UTF_8));
                parseAscii(ascii, 0, ascii.length, sink);
                return;
            }
        }
        parseAscii(b, from, to, sink);
    }

    private void parseAscii(byte[] b, int from, int to, Sink sink) {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return;
        }
        switch (format) {
            case AUTO -> parseAuto(b, from, to, sink);
            case HOSTS -> parseHosts(b, from, to, sink);
            case DOMAINS -> parseDomains(b, from, to, sink);
            case ADBLOCK -> parseAdblock(b, from, to, sink);
            default -> throw new IllegalStateException(format.toString());
        }
    }

    private void parseAuto(byte[] b, int from, int to, Sink sink) {
        byte c = b[from];
        if (c == '!' || c == '[') {
            return;
        }
        if (startsWith(b, from, to, "@@") || startsWith(b, from, to, "||")) {
            adblockRule(b, from, to, sink);
            return;
        }
        if (c == '#') {
            if (isCosmetic(b, from, Math.min(to, from + 3))) {
                sink.skipped(SkipReason.COSMETIC);
            }
            return;
        }
        int firstEnd = tokenEnd(b, from, to);
        if (firstEnd < to && parseV4OrV6(b, from, firstEnd)) {
            hostsLine(b, from, firstEnd, commentStart(b, from, to), sink);
            return;
        }
        if (isCosmetic(b, from, to)) {
            sink.skipped(SkipReason.COSMETIC);
            return;
        }
        int end = commentStart(b, from, to);
        int tokenEnd = tokenEnd(b, from, end);
        if (tokenEnd < end) {
            sink.malformed("expected '<address> <name>...', a single domain or an AdBlock rule");
            return;
        }
        if (ipEntry(b, from, tokenEnd, false, sink)) {
            return;
        }
        long key = domainKey(b, from, tokenEnd, true, true);
        if (key != 0) {
            sink.domain(key, base, false);
        } else if (hasPatternCharacter(b, from, tokenEnd)) {
            sink.skipped(SkipReason.PATTERN);
        } else {
            sink.malformed("not a valid domain name");
        }
    }

    private void parseHosts(byte[] b, int from, int to, Sink sink) {
        if (b[from] == '#') {
            return;
        }
        int end = commentStart(b, from, to);
        if (end == from) {
            return;
        }
        int tokenEnd = tokenEnd(b, from, end);
        if (tokenEnd == end || !hostsLine(b, from, tokenEnd, end, sink)) {
            sink.malformed("expected '<address> <name>...'");
        }
    }

    private void parseDomains(byte[] b, int from, int to, Sink sink) {
        if (b[from] == '#' || b[from] == '!') {
            return;
        }
        int end = commentStart(b, from, to);
        if (end == from) {
            return;
        }
        int tokenEnd = tokenEnd(b, from, end);
        if (tokenEnd < end) {
            sink.malformed("expected one domain per line");
            return;
        }
        if (ipEntry(b, from, tokenEnd, false, sink)) {
            return;
        }
        long key = domainKey(b, from, tokenEnd, true, false);
        if (key != 0) {
            sink.domain(key, base, false);
        } else {
            sink.malformed("not a valid domain name");
        }
    }

    private void parseAdblock(byte[] b, int from, int to, Sink sink) {
        byte c = b[from];
        if (c == '!' || c == '[') {
            return;
        }
        if (startsWith(b, from, to, "@@") || startsWith(b, from, to, "||")) {
            adblockRule(b, from, to, sink);
            return;
        }
        if (isCosmetic(b, from, to)) {
            sink.skipped(SkipReason.COSMETIC);
            return;
        }
        if (c == '#') {
            return;
        }
        // uBlock reads hosts-file lines in any list; a bare word is a URL substring pattern.
        int tokenEnd = tokenEnd(b, from, to);
        if (tokenEnd < to && parseV4OrV6(b, from, tokenEnd)) {
            int end = commentStart(b, from, to);
            if (!hostsLine(b, from, tokenEnd, end, sink)) {
                sink.malformed("expected '<address> <name>...'");
            }
            return;
        }
        sink.skipped(SkipReason.PATTERN);
    }

    /** {@code ||host^[|][$options]} or {@code @@||host^...}; anything else is a skipped pattern. */
    private void adblockRule(byte[] b, int from, int to, Sink sink) {
        boolean exception = false;
        int i = from;
        if (startsWith(b, i, to, "@@")) {
            exception = true;
            i += 2;
        }
        if (isCosmetic(b, from, to)) {
            sink.skipped(SkipReason.COSMETIC);
            return;
        }
        if (!startsWith(b, i, to, "||")) {
            sink.skipped(SkipReason.PATTERN);
            return;
        }
        i += 2;
        int hostStart = i;
        while (i < to && isHostByte(b[i])) {
            i++;
        }
        int hostEnd = i;
        if (hostEnd == hostStart && (i == to || b[i] == '^')) {
            sink.malformed("empty domain in '||' rule");
            return;
        }
        if (hostEnd == hostStart || i == to || b[i] != '^') {
            // No separator right after the name: a prefix, port, path or wildcard rule.
            sink.skipped(SkipReason.PATTERN);
            return;
        }
        i++;
        if (i < to && b[i] == '|') {
            i++;
        }
        if (i < to) {
            if (b[i] != '$') {
                sink.skipped(SkipReason.PATTERN);
                return;
            }
            if (!pureOptions(b, i + 1, to)) {
                sink.skipped(SkipReason.OPTIONS);
                return;
            }
        }
        if (ipEntry(b, hostStart, hostEnd, exception, sink)) {
            return;
        }
        long key = domainKey(b, hostStart, hostEnd, false, false);
        if (key == 0) {
            sink.malformed("invalid domain '" + ascii(b, hostStart, hostEnd) + "'");
            return;
        }
        sink.domain(key, base, exception);
    }

    /** Options that keep a rule a whole-domain rule; anything else restricts it. */
    private static boolean pureOptions(byte[] b, int from, int to) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == ',') {
                String option = ascii(b, start, i).trim().toLowerCase(java.util.Locale.ROOT);
                switch (option) {
                    case "all", "important", "document", "doc" -> { }
                    default -> {
                        return false;
                    }
                }
                start = i + 1;
            }
        }
        return true;
    }

    /** Handles {@code address name...}; false when the first token is not an address. */
    private boolean hostsLine(byte[] b, int from, int addressEnd, int end, Sink sink) {
        if (!parseV4OrV6(b, from, addressEnd)) {
            return false;
        }
        boolean bad = false;
        int i = addressEnd;
        while (i < end) {
            while (i < end && isSpace(b[i])) {
                i++;
            }
            if (i == end) {
                break;
            }
            int nameEnd = tokenEnd(b, i, end);
            if (isLocalName(b, i, nameEnd)) {
                sink.skipped(SkipReason.LOCAL_NAME);
            } else if (!ipEntry(b, i, nameEnd, false, sink)) {
                long key = domainKey(b, i, nameEnd, false, false);
                if (key != 0) {
                    sink.domain(key, base, false);
                } else {
                    bad = true;
                }
            }
            i = nameEnd;
        }
        if (bad) {
            sink.malformed("invalid host name");
        }
        return true;
    }

    /** Emits an IP entry when {@code b[from, to)} is an address literal. */
    private boolean ipEntry(byte[] b, int from, int to, boolean exception, Sink sink) {
        byte[] address = IpLiteral.parseOrNull(b, from, to);
        if (address == null) {
            return false;
        }
        sink.ip(IpKeys.key(address, seed), exception);
        return true;
    }

    private static boolean parseV4OrV6(byte[] b, int from, int to) {
        return IpLiteral.parseOrNull(b, from, to) != null;
    }

    /**
     * Validates the host name in {@code b[from, to)} and returns its key, or 0 when it is not a
     * valid name. A trailing dot is dropped; with {@code allowZonePrefix} a leading {@code *.} or
     * {@code .} is too (entries always cover subdomains). With {@code requireDot} a single label
     * is refused (in lists that mix URL patterns, a bare word is not a domain).
     */
    private long domainKey(byte[] b, int from, int to, boolean allowZonePrefix, boolean requireDot) {
        if (to > from && b[to - 1] == '.') {
            to--;
        }
        if (allowZonePrefix) {
            if (startsWith(b, from, to, "*.")) {
                from += 2;
            } else if (from < to && b[from] == '.') {
                from++;
            }
        }
        int length = to - from;
        if (length == 0 || length > 253) {
            return 0;
        }
        int labelStart = from;
        int dots = 0;
        boolean labelNumeric = true;
        for (int i = from; i <= to; i++) {
            if (i == to || b[i] == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > 63 || b[labelStart] == '-' || b[i - 1] == '-') {
                    return 0;
                }
                if (i < to) {
                    dots++;
                    labelStart = i + 1;
                    labelNumeric = true;
                }
                continue;
            }
            byte c = b[i];
            boolean digit = c >= '0' && c <= '9';
            if (!(digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                return 0;
            }
            labelNumeric &= digit;
        }
        if (labelNumeric || (requireDot && dots == 0)) {
            // A numeric last label is an IP address fragment, never a domain.
            return 0;
        }
        base = DomainKeys.base(b, from, to, seed);
        return DomainKeys.key(b, from, to, seed);
    }

    private static boolean isLocalName(byte[] b, int from, int to) {
        int length = to - from;
        outer:
        for (String name : LOCAL_NAMES) {
            if (name.length() != length) {
                continue;
            }
            for (int i = 0; i < length; i++) {
                if (DomainKeys.lower(b[from + i]) != name.charAt(i)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Cosmetic and scriptlet rules: {@code ##}, {@code #@#}, {@code #?#}, {@code #$#}, {@code #%#}, {@code #+js}, {@code $$}. */
    private static boolean isCosmetic(byte[] b, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (b[i] == '#') {
                byte n = b[i + 1];
                if (n == '#' || n == '?' || n == '$' || n == '%' || n == '+') {
                    return true;
                }
                if (n == '@' && i + 2 < to && (b[i + 2] == '#' || b[i + 2] == '?' || b[i + 2] == '$' || b[i + 2] == '%')) {
                    return true;
                }
            } else if (b[i] == '$' && b[i + 1] == '$') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPatternCharacter(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            switch (b[i]) {
                case '/', '*', '^', '$', '|', '?', '=', '&', ':', '@', '~', ',', '%', '+', ';' -> {
                    return true;
                }
                default -> { }
            }
        }
        return false;
    }

    /** Where a {@code #} comment starts ({@code to} if none); the result is right-trimmed. */
    private static int commentStart(byte[] b, int from, int to) {
        int end = indexOf(b, from, to, (byte) '#');
        if (end < 0) {
            end = to;
        }
        while (end > from && isSpace(b[end - 1])) {
            end--;
        }
        return end;
    }

    private static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && !isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isHostByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == INVALID;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Converts every run of name characters that contains non-ASCII letters to its punycode form;
     * a run that is not a valid international name becomes {@link #INVALID} so that it fails
     * validation wherever a name is expected (and does no harm inside a comment).
     */
    private static byte[] toAscii(String line) {
        StringBuilder out = new StringBuilder(line.length() + 16);
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (!isNameChar(c)) {
                out.append(c < 0x80 ? c : (char) INVALID);
                i++;
                continue;
            }
            int start = i;
            boolean nonAscii = false;
            while (i < n && isNameChar(line.charAt(i))) {
                nonAscii |= line.charAt(i) >= 0x80;
                i++;
            }
            String run = line.substring(start, i);
            if (!nonAscii) {
                out.append(run);
                continue;
            }
            try {
                out.append(IDN.toASCII(run, IDN.ALLOW_UNASSIGNED));
            } catch (IllegalArgumentException e) {
                out.append((char) INVALID);
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isNameChar(char c) {
        return c >= 0x80 ? Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                || c == '\u3002' || c == '\uFF0E' || c == '\uFF61'
                : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }
}
