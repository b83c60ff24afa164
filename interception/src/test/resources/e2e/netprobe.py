#!/usr/bin/env python3
"""Small network client and server for the interception end-to-end tests.

serve-tcp HOST PORT        echo server (threads), prints LISTENING
serve-udp HOST PORT        echo server, prints LISTENING
tcp HOST PORT COUNT TIMEOUT    COUNT connections, each sends a line and reads the echo;
                           prints OK COUNT, or ERR <errno name> / ERR timeout at the first failure
udp HOST PORT TIMEOUT      one datagram and its echo: OK or ERR ...
hold HOST PORT TIMEOUT     one connection; prints CONNECTED <local port>, then echoes each stdin
                           line through it, printing ECHO <line> or ERR ...
"""
import errno
import socket
import sys
import threading


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def error_name(exc):
    if isinstance(exc, socket.timeout):
        return "timeout"
    return errno.errorcode.get(exc.errno, str(exc.errno))


def serve_tcp(host, port):
    server = socket.socket(family(host), socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(512)
    print("LISTENING", flush=True)

    def echo(conn):
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                conn.sendall(data)

    while True:
        conn, _ = server.accept()
        threading.Thread(target=echo, args=(conn,), daemon=True).start()


def serve_udp(host, port):
    server = socket.socket(family(host), socket.SOCK_DGRAM)
    server.bind((host, port))
    print("LISTENING", flush=True)
    while True:
        data, peer = server.recvfrom(65536)
        server.sendto(data, peer)


def tcp(host, port, count, timeout):
    for _ in range(count):
        try:
            with socket.create_connection((host, port), timeout=timeout) as conn:
                conn.sendall(b"ping\n")
                if conn.recv(16) != b"ping\n":
                    print("ERR bad-echo", flush=True)
                    return
        except OSError as exc:
            print("ERR " + error_name(exc), flush=True)
            return
    print("OK %d" % count, flush=True)


def udp(host, port, timeout):
    sock = socket.socket(family(host), socket.SOCK_DGRAM)
    sock.settimeout(timeout)
    try:
        sock.sendto(b"ping", (host, port))
        data, _ = sock.recvfrom(16)
        print("OK" if data == b"ping" else "ERR bad-echo", flush=True)
    except OSError as exc:
        print("ERR " + error_name(exc), flush=True)


def hold(host, port, timeout):
    try:
        conn = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        print("ERR " + error_name(exc), flush=True)
        return
    print("CONNECTED %d" % conn.getsockname()[1], flush=True)
    for line in sys.stdin:
        try:
            conn.sendall(line.encode())
            print("ECHO " + conn.recv(4096).decode().strip(), flush=True)
        except OSError as exc:
            print("ERR " + error_name(exc), flush=True)


def main(argv):
    command, host, port = argv[1], argv[2], int(argv[3])
    if command == "serve-tcp":
        serve_tcp(host, port)
    elif command == "serve-udp":
        serve_udp(host, port)
    elif command == "tcp":
        tcp(host, port, int(argv[4]), float(argv[5]))
    elif command == "udp":
        udp(host, port, float(argv[4]))
    elif command == "hold":
        hold(host, port, float(argv[4]))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
