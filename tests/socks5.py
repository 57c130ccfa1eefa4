#!/usr/bin/env python3
"""tests/socks5.py: the test suite's own SOCKS5 proxy, on 127.0.0.1 only.

    socks5.py --port-file F --log F

It listens on a free port (port 0), writes the port number to --port-file
once it accepts connections, and relays until killed.  It speaks RFC 1928
with no authentication or with a user name and password (RFC 1929; any
login is accepted: Tor's IsolateSOCKSAuth only tells logins apart), and
only CONNECT, to an address given as a domain name, IPv4 or IPv6.  Every
requested host, whatever it is, is reached at 127.0.0.1 on the requested
port: so a name that does not resolve on this machine (blog.example.onion,
feeds.invalid) reaches the suite's HTTP server through the proxy, as it
would through Tor, and only through it.

Every CONNECT is appended to --log as one JSON object per line: "time",
"user" and "password" (the login given, or null), "atyp" ("domain", "ipv4"
or "ipv6"), "host" (the name or address as requested), "port", and
"local_port": the port of the proxy's own connection to 127.0.0.1, which
the HTTP server logs as the request's "peer_port" (tests/server.py), so
that a test can tell a request that came through the proxy from one that
did not.
"""
import argparse
import json
import socket
import socketserver
import struct
import sys
import threading
import time

import serving

log_lock = threading.Lock()
opts = None


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


def relay(a, b):
    """Copy a to b until a closes, then close b's sending side."""
    try:
        while True:
            data = a.recv(65536)
            if not data:
                break
            b.sendall(data)
    except OSError:
        pass
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        c = self.request
        user = password = None
        try:
            ver, n = read_exact(c, 2)
            if ver != 5:
                return
            methods = read_exact(c, n)
            if 2 in methods:
                c.sendall(b"\x05\x02")
                sub = read_exact(c, 2)
                user = read_exact(c, sub[1]).decode("utf-8", "replace")
                plen = read_exact(c, 1)[0]
                password = read_exact(c, plen).decode("utf-8", "replace")
                c.sendall(b"\x01\x00")
            elif 0 in methods:
                c.sendall(b"\x05\x00")
            else:
                c.sendall(b"\x05\xff")
                return
            ver, cmd, _, atyp = read_exact(c, 4)
            if atyp == 1:
                host = socket.inet_ntop(socket.AF_INET, read_exact(c, 4))
                kind = "ipv4"
            elif atyp == 4:
                host = socket.inet_ntop(socket.AF_INET6, read_exact(c, 16))
                kind = "ipv6"
            elif atyp == 3:
                host = read_exact(c, read_exact(c, 1)[0]).decode(
                    "utf-8", "replace")
                kind = "domain"
            else:
                c.sendall(b"\x05\x08\x00\x01\0\0\0\0\0\0")
                return
            port = struct.unpack("!H", read_exact(c, 2))[0]
            if cmd != 1:
                c.sendall(b"\x05\x07\x00\x01\0\0\0\0\0\0")
                return
            try:
                up = socket.create_connection(("127.0.0.1", port), 10)
            except OSError:
                c.sendall(b"\x05\x05\x00\x01\0\0\0\0\0\0")
                return
            rec = {"time": time.time(), "user": user, "password": password,
                   "atyp": kind, "host": host, "port": port,
                   "local_port": up.getsockname()[1]}
            # Logged before the reply: once the client sends its request,
            # the record is already there for the HTTP server's to match.
            with log_lock, open(opts.log, "a") as f:
                f.write(json.dumps(rec) + "\n")
            c.sendall(b"\x05\x00\x00\x01\x7f\x00\x00\x01" +
                      struct.pack("!H", up.getsockname()[1]))
        except (ConnectionError, OSError, IndexError):
            return
        up.settimeout(None)
        t = threading.Thread(target=relay, args=(up, c), daemon=True)
        t.start()
        relay(c, up)
        t.join()
        up.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global opts
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    opts = ap.parse_args()
    open(opts.log, "a").close()
    srv = Server(("127.0.0.1", 0), Handler)
    return serving.serve(srv, opts.port_file)


if __name__ == "__main__":
    sys.exit(main())
