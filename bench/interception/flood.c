/*
 * Sends COUNT UDP datagrams, each to a new destination (a new flow), as fast as sendmmsg allows;
 * the C counterpart of flood.py for the interception benchmark's queue-ceiling measurement.
 *
 *   flood A B COUNT FIRST   destinations A.B.x.y (host numbers from FIRST on), port 9
 *   prints "sent=N eperm=E seconds=S rate=R"
 *
 * A datagram the firewall drops fails with EPERM; it is counted and skipped.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: flood A B COUNT FIRST\n");
        return 2;
    }
    unsigned a = (unsigned) atoi(argv[1]), b = (unsigned) atoi(argv[2]);
    long count = atol(argv[3]);
    unsigned host = (unsigned) atol(argv[4]);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    static struct sockaddr_in to[BATCH];
    static struct mmsghdr messages[BATCH];
    static struct iovec iov[BATCH];
    char payload = 'x';
    long sent = 0, eperm = 0;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (sent + eperm < count) {
        int n = 0;
        for (; n < BATCH && sent + eperm + n < count; n++, host++) {
            memset(&to[n], 0, sizeof to[n]);
            to[n].sin_family = AF_INET;
            to[n].sin_port = htons(9);
            to[n].sin_addr.s_addr = htonl((a << 24) | (b << 16) | (host & 0xffff));
            iov[n].iov_base = &payload;
            iov[n].iov_len = 1;
            memset(&messages[n], 0, sizeof messages[n]);
            messages[n].msg_hdr.msg_name = &to[n];
            messages[n].msg_hdr.msg_namelen = sizeof to[n];
            messages[n].msg_hdr.msg_iov = &iov[n];
            messages[n].msg_hdr.msg_iovlen = 1;
        }
        int done = 0;
        while (done < n) {
            int r = sendmmsg(fd, messages + done, (unsigned) (n - done), 0);
            if (r < 0) {
                if (errno == EPERM) {
                    eperm++;
                    done++;
                    continue;
                }
                perror("sendmmsg");
                return 1;
            }
            sent += r;
            done += r;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double) (end.tv_sec - start.tv_sec) + (double) (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("sent=%ld eperm=%ld seconds=%.3f rate=%.0f\n", sent, eperm, seconds, (double) (sent + eperm) / seconds);
    return 0;
}
