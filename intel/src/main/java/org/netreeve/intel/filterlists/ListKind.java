package org.netreeve.intel.filterlists;

/** Whether a list's entries block or unbreak. */
public enum ListKind {
    /** Entries block; {@code @@} rules inside the list are exceptions that apply while the list is selected. */
    BLOCK,
    /**
     * An unbreak list: every entry is an exception that wins over every block list, whatever the
     * selection, because an unbreak list exists to repair breakage everywhere.
     */
    ALLOW
}
