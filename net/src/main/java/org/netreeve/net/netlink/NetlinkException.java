package org.netreeve.net.netlink;

import java.io.IOException;

/** A failed netlink call or a negative acknowledgement from the kernel, with the errno it carried. */
public final class NetlinkException extends IOException {
    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }
}
