"""Test servers for Netreeve's end-to-end tests: HTTP on port 80 (IPv4 and IPv6; /big returns
1 MiB), a greeting TCP server on 8443, and a UDP echo on 5000. Prints READY when listening."""
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow":
            # 50 bytes, one every 200 ms: a connection that stays open for 10 s.
            self.send_response(200)
            self.send_header("Content-Length", "50")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
            return
        body = b"x" * (1 << 20) if self.path == "/big" else b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class DualStack(ThreadingHTTPServer):
    address_family = socket.AF_INET6

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def greet(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(64)
    while True:
        c, _ = s.accept()
        try:
            c.sendall(b"hi\n")
        finally:
            c.close()


def echo(family, address, port):
    # Bound to the address itself, so replies come from the address the client sent to.
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((address, port))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)


http = DualStack(("::", 80), Handler)
threading.Thread(target=http.serve_forever, daemon=True).start()
threading.Thread(target=greet, args=(8443,), daemon=True).start()
for family, address in ((socket.AF_INET, sys.argv[1]), (socket.AF_INET6, sys.argv[2])):
    threading.Thread(target=echo, args=(family, address, 5000), daemon=True).start()
print("READY", flush=True)
threading.Event().wait()
