#!/usr/bin/env python3
"""One established TCP stream over loopback, for the interception benchmark.

bulk.py serve HOST PORT      read each connection to its end, then answer one byte (prints LISTENING)
bulk.py send HOST PORT MB    send MB mebibytes, wait for the answer; prints "mb=M seconds=S mbps=R"
"""
import socket
import sys
import time

CHUNK = 1 << 20


def serve(host, port):
    server = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(16)
    print("LISTENING", flush=True)
    buffer = bytearray(CHUNK)
    while True:
        conn, _ = server.accept()
        with conn:
            while conn.recv_into(buffer):
                pass
            conn.sendall(b"k")


def send(host, port, megabytes):
    data = bytes(CHUNK)
    with socket.create_connection((host, port)) as conn:
        start = time.perf_counter()
        for _ in range(megabytes):
            conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        conn.recv(1)
        elapsed = time.perf_counter() - start
    print("mb=%d seconds=%.3f mbps=%.0f" % (megabytes, elapsed, megabytes / elapsed), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
