package org.netreeve.net.netlink;

import org.netreeve.net.libc.LibC;

/** The errno values the netlink clients treat specially; all others are reported as errors. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ESRCH = 3;
    public static final int EACCES = 13;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOBUFS = 105;
    public static final int EOPNOTSUPP = 95;

    private Errno() {
    }

    /** The C library's text for an errno value, e.g. "No such file or directory". */
    public static String describe(int errno) {
        String text = LibC.strerror(errno);
        return text == null ? "errno " + errno : text + " (errno " + errno + ")";
    }
}
