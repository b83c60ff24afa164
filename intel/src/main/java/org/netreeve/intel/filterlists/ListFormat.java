package org.netreeve.intel.filterlists;

import java.util.Locale;

/** The syntax of a filter-list file. */
public enum ListFormat {
    /** Each line is classified on its own: hosts line, bare domain or IP, or AdBlock rule. */
    AUTO,
    /** {@code <address> <name> [<name>...]}, as in /etc/hosts; {@code #} starts a comment. */
    HOSTS,
    /** One domain (or IP address) per line; {@code #} and {@code !} start comments. */
    DOMAINS,
    /**
     * AdBlock/uBlock syntax: {@code ||domain^} blocks, {@code @@||domain^} excepts; everything
     * that is not a pure domain rule (cosmetic, path, most options) is skipped.
     */
    ADBLOCK;

    /** Parses the index-file spelling ({@code auto}, {@code hosts}, {@code domains}, {@code adblock}). */
    public static ListFormat parse(String text) {
        for (ListFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "' (expected auto, hosts, domains or adblock)");
    }

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
