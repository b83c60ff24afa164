package org.netreeve.intel.filterlists;

/** Why a well-formed line was not turned into an entry. Skipped lines are normal, not errors. */
public enum SkipReason {
    /** Element hiding, scriptlets and other cosmetic rules ({@code ##}, {@code #@#}, ...). */
    COSMETIC,
    /** A network rule with options that restrict it ({@code $third-party}, {@code $script}, ...). */
    OPTIONS,
    /** A rule with a path, wildcard or URL pattern: it does not block a whole domain. */
    PATTERN,
    /** Hosts-file boilerplate such as {@code localhost} or {@code broadcasthost}. */
    LOCAL_NAME
}
