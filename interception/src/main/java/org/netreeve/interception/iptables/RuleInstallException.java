package org.netreeve.interception.iptables;

import java.io.IOException;

/** An iptables tool failed or is missing; the message names the command, its exit code and its error text. */
public final class RuleInstallException extends IOException {
    public RuleInstallException(String message) {
        super(message);
    }

    public RuleInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
