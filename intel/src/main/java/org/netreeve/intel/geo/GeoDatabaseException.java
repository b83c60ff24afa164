package org.netreeve.intel.geo;

/** A database that cannot be used (corrupt, of the wrong type, unreadable, too slow to open). */
public class GeoDatabaseException extends Exception {
    private static final long serialVersionUID = 1L;

    public GeoDatabaseException(String message) {
        super(message);
    }

    public GeoDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
