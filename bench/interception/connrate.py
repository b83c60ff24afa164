#!/usr/bin/env python3
"""Sequential new TCP connections against a loopback server, for the interception benchmark.

connrate.py serve HOST PORT            accept and close, forever (prints LISTENING)
connrate.py measure HOST PORT SECONDS  connect/close in a loop for SECONDS; prints
                                       "conns=N seconds=S rate=R p50_us=X p99_us=Y"

Each client socket closes with SO_LINGER 0 (RST), so no TIME_WAIT piles up and the port range is
not exhausted; connect latency is the time from socket() to connect() returning (the handshake).
"""
import socket
import struct
import sys
import time


def serve(host, port):
    server = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(4096)
    print("LISTENING", flush=True)
    while True:
        conn, _ = server.accept()
        conn.close()


def measure(host, port, seconds):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    linger = struct.pack("ii", 1, 0)
    latencies = []
    clock = time.perf_counter_ns
    start = clock()
    deadline = start + int(seconds * 1e9)
    failures = 0
    while True:
        t0 = clock()
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        try:
            sock.connect((host, port))
            latencies.append(clock() - t0)
        except OSError:
            failures += 1
        sock.close()
        if len(latencies) % 64 == 0 and clock() > deadline:
            break
        if failures > 100:
            break
    elapsed = (clock() - start) / 1e9
    latencies.sort()
    n = len(latencies)
    p50 = latencies[n // 2] / 1000 if n else 0
    p99 = latencies[min(n - 1, int(n * 0.99))] / 1000 if n else 0
    print("conns=%d seconds=%.3f rate=%.0f p50_us=%.1f p99_us=%.1f failures=%d"
          % (n, elapsed, n / elapsed, p50, p99, failures), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        measure(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
