package org.netreeve.intel.filterlists;

/** An index file that cannot be used; the message names the file, line and what was expected. */
public class FilterListIndexException extends Exception {
    private static final long serialVersionUID = 1L;

    public FilterListIndexException(String message) {
        super(message);
    }

    public FilterListIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
