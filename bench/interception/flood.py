#!/usr/bin/env python3
"""Sends COUNT UDP datagrams, each the first of a new flow, for the queue-ceiling measurement.

flood.py SUBNET_PREFIX COUNT [FIRST]   e.g. "10.99" 200000: destinations SUBNET_PREFIX.x.y
                                (from host number FIRST on) port 9, from 8 sockets, so every
                                datagram has a new 5-tuple; prints "sent=N eperm=E seconds=S rate=R"

A datagram dropped by the firewall makes sendto fail with EPERM; those are counted, not retried.
"""
import socket
import sys
import time


def main(prefix, count, first):
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(8)]
    payload = b"x"
    sent = eperm = 0
    start = time.perf_counter()
    index = first
    while sent + eperm < count:
        host = "%s.%d.%d" % (prefix, (index >> 8) & 0xff, index & 0xff)
        index += 1
        for sock in sockets:
            try:
                sock.sendto(payload, (host, 9))
                sent += 1
            except PermissionError:
                eperm += 1
    elapsed = time.perf_counter() - start
    print("sent=%d eperm=%d seconds=%.3f rate=%.0f" % (sent, eperm, elapsed, (sent + eperm) / elapsed), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
