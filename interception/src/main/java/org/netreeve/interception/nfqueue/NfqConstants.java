package org.netreeve.interception.nfqueue;

/** Numbers from linux/netfilter/nfnetlink_queue.h and nfnetlink.h, checked against the kernel headers. */
final class NfqConstants {
    static final int NFNL_SUBSYS_QUEUE = 3;

    static final int NFQNL_MSG_PACKET = 0;
    static final int NFQNL_MSG_VERDICT = 1;
    static final int NFQNL_MSG_CONFIG = 2;
    static final int NFQNL_MSG_VERDICT_BATCH = 3;

    static final int NFQA_PACKET_HDR = 1;
    static final int NFQA_VERDICT_HDR = 2;
    static final int NFQA_MARK = 3;
    static final int NFQA_TIMESTAMP = 4;
    static final int NFQA_IFINDEX_INDEV = 5;
    static final int NFQA_IFINDEX_OUTDEV = 6;
    static final int NFQA_PAYLOAD = 10;
    static final int NFQA_CT = 11;
    static final int NFQA_CT_INFO = 12;
    static final int NFQA_CAP_LEN = 13;
    static final int NFQA_SKB_INFO = 14;
    static final int NFQA_UID = 16;
    static final int NFQA_GID = 17;
    /** One more than the highest packet attribute the client reads. */
    static final int NFQA_INDEX_CAPACITY = 18;

    static final int NFQA_CFG_CMD = 1;
    static final int NFQA_CFG_PARAMS = 2;
    static final int NFQA_CFG_QUEUE_MAXLEN = 3;
    static final int NFQA_CFG_MASK = 4;
    static final int NFQA_CFG_FLAGS = 5;

    static final int NFQNL_CFG_CMD_BIND = 1;
    static final int NFQNL_CFG_CMD_UNBIND = 2;

    static final int NFQNL_COPY_PACKET = 2;

    static final int NFQA_CFG_F_FAIL_OPEN = 1;
    static final int NFQA_CFG_F_CONNTRACK = 1 << 1;
    static final int NFQA_CFG_F_GSO = 1 << 2;
    static final int NFQA_CFG_F_UID_GID = 1 << 3;

    static final int NF_DROP = 0;
    static final int NF_ACCEPT = 1;

    static final int AF_UNSPEC = 0;

    static int type(int message) {
        return (NFNL_SUBSYS_QUEUE << 8) | message;
    }

    private NfqConstants() {
    }
}
