#!/usr/bin/env python3
"""tests/server.py: the test suite's own HTTP server, on 127.0.0.1 only.

    server.py --port-file F --log F [--routes FILE] [--root DIR]
              [--cert PEM --key PEM]

It listens on a free port (port 0), writes the port number to --port-file
once it accepts connections, and serves until killed.  Every request is
appended to --log as one JSON object per line: method, path, query, status,
and the request headers the fetcher's politeness is judged by
(If-None-Match, If-Modified-Since, Accept-Encoding, User-Agent, Host), and
whether it came as a proxy request (an absolute URI in the request line: the
server answers those too, so it doubles as an HTTP proxy for the tests).

What a path answers is scripted by parameters, from the query string and from
the routes file (JSON: {"/path": {param: value, ...}}), which is re-read
whenever it changes so that a test can change a feed between two fetches.
The query string wins over the routes file.  Parameters:

  body      file to serve, absolute or under --root (default: a generated
            RSS feed)
  items     generated feed: number of items (default 3)
  version   generated feed: changes item titles, hence the ETag
  title     generated feed: its title
  ctype     Content-Type media type (default application/rss+xml)
  charset   charset parameter of the Content-Type (none by default)
  etag      1/0: send an ETag and honour If-None-Match (default 1)
  lm        1/0: send Last-Modified, honour If-Modified-Since (default 1)
  gzip      1: gzip the body when the client accepts it
  status    answer with this status (e.g. 404, 410, 429, 500, 503)
  retry     the Retry-After value to send with it
  redirect  answer with this 3xx status ...
  to        ... and this Location (relative is fine; default: the request
            itself, which makes a redirect loop)
  stall     sleep this many seconds before answering
  until     hold the answer until this file exists (at most 60 s), so a
            test decides when a request ends instead of guessing a time
  delay     sleep this many milliseconds before answering (slow server)
  endless   1: a 200 body that never ends
  truncate  cut the body to this many bytes
  announce  send the body with this Content-Length, larger than it is,
            and close the connection after it (a server that lies)
  size      pad the generated feed with a comment to at least this many bytes
  drip      send the body one byte every this many seconds (slow drip)
  chain     a redirect chain: answer with this 3xx status and a Location
            that is the request path with its last number plus one
            (/r/1 -> /r/2 -> ...), query string kept
  huge      a 200 body of this many bytes (a feed start, then a comment),
            generated as it is sent, never held in memory
  nolength  1: send huge, stream and drip bodies without a Content-Length
            (read until the connection closes)
  reason    the reason phrase of the status line, as it is (a hostile
            server's, control characters and all)
  cookie    send this Set-Cookie header with the answer (redirects too)
  stream    a generated feed of this many items, generated as it is sent
            (no Content-Length), for feeds far too big to build in memory
  auth      "basic:USER:PASS" or "digest:USER:PASS": answer 401 with the
            scheme's challenge (realm "majlis-test"; Digest with MD5, qop
            auth) unless the request's Authorization proves USER and PASS

Each record also has "headers", every request header as [name, value] in
the order received, "peer_port": the client's port (tests/socks5.py logs
the ports it connects from, so a test tells a request through that proxy
from a direct one), and "inflight": how many requests with its Host header
the server was answering when it came, itself included (so the largest
"inflight" of a host is the most connections a client had open to it at
once, as one HTTP/1.1 connection carries one request at a time).  Bodies sent by huge, stream and drip end with one more
record, {"path": "event:PATH", "event": "complete" or "closed", "sent": N}:
"closed" when the client hung up before the end, with N the bytes written.
"""
import argparse
import base64
import gzip
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import serving

LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
LM_TIME = 1735689600

routes = {}
routes_mtime = None
routes_lock = threading.Lock()
log_lock = threading.Lock()
inflight = {}
inflight_lock = threading.Lock()
opts = None


def load_routes():
    """Re-read the routes file if it changed since the last request."""
    global routes, routes_mtime
    if not opts.routes:
        return {}
    with routes_lock:
        try:
            st = os.stat(opts.routes)
        except FileNotFoundError:
            routes, routes_mtime = {}, None
            return routes
        key = (st.st_mtime_ns, st.st_size)
        if key != routes_mtime:
            with open(opts.routes) as f:
                routes = json.load(f)
            routes_mtime = key
        return routes


def generated_feed(path, p):
    n = int(p.get("items", 3))
    version = p.get("version", "1")
    title = p.get("title", "Feed " + path)
    items = []
    for i in range(n):
        items.append(
            "<item><title>%s item %d v%s</title>"
            "<link>http://example.org%s/%d</link>"
            "<guid isPermaLink=\"false\">%s-%d</guid>"
            "<pubDate>Mon, 06 Jan 2025 %02d:%02d:00 GMT</pubDate>"
            "<category>c%d</category>"
            "<description>&lt;p&gt;Body %d of %s&lt;/p&gt;</description></item>"
            % (xml_escape(title), i, version, path, i, path, i,
               (i // 60) % 24, i % 60, i % 3, i, xml_escape(path)))
    doc = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<rss version=\"2.0\"><channel><title>%s</title>"
           "<link>http://example.org%s</link><description>test</description>"
           "%s</channel></rss>\n" % (xml_escape(title), path, "".join(items)))
    data = doc.encode("utf-8")
    size = int(p.get("size", 0))
    if size > len(data):
        pad = b"<!-- " + b"x" * (size - len(data)) + b" -->\n"
        data += pad
    return data


def huge_body(n):
    """n bytes of a feed that never closes its channel: the start of an RSS
    document, then one comment filling the rest, in 64 KiB pieces."""
    head = (b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
            b"<title>huge</title><!-- ")
    tail = b" -->"
    if n < len(head) + len(tail):
        yield (head + tail)[:n]
        return
    yield head
    left = n - len(head) - len(tail)
    piece = b"z" * 65536
    while left > 0:
        k = min(left, len(piece))
        yield piece[:k]
        left -= k
    yield tail


def streamed_feed(path, p):
    """The generated feed of p["stream"] items, 500 items a piece."""
    n = int(p["stream"])
    version = p.get("version", "1")
    title = xml_escape(p.get("title", "Feed " + path))
    yield ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<rss version=\"2.0\"><channel><title>%s</title>"
           "<link>http://example.org%s</link><description>streamed"
           "</description>\n" % (title, path)).encode("utf-8")
    for start in range(0, n, 500):
        items = []
        for i in range(start, min(n, start + 500)):
            items.append(
                "<item><title>%s item %d v%s</title>"
                "<link>http://example.org%s/%d</link>"
                "<guid isPermaLink=\"false\">%s-%d</guid>"
                "<pubDate>Mon, 06 Jan 2025 %02d:%02d:%02d GMT</pubDate>"
                "<description>Body %d</description></item>\n"
                % (title, i, version, path, i, path, i,
                   (i // 3600) % 24, (i // 60) % 60, i % 60, i))
        yield "".join(items).encode("utf-8")
    yield b"</channel></rss>\n"


def drip(body, secs):
    """body one byte at a time, secs seconds apart."""
    for i in range(len(body)):
        if i > 0:
            time.sleep(secs)
        yield body[i:i + 1]


DIGEST_NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093"


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "majlis-test"
    p = {}

    def log_message(self, fmt, *args):
        pass

    def log_request_json(self, status):
        rec = {
            "method": self.command,
            "path": self.path_only,
            "query": self.query,
            "status": status,
            "inm": self.headers.get("If-None-Match"),
            "ims": self.headers.get("If-Modified-Since"),
            "ae": self.headers.get("Accept-Encoding"),
            "ua": self.headers.get("User-Agent"),
            "proxied": self.proxied,
            "host": self.headers.get("Host"),
            "headers": [[k, v] for k, v in self.headers.items()],
            "inflight": getattr(self, "inflight", None),
            "peer_port": self.client_address[1],
            "time": time.time(),
        }
        with log_lock:
            with open(opts.log, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def params(self):
        u = urllib.parse.urlsplit(self.path)
        # An absolute URI in the request line: we were asked as a proxy.
        self.proxied = bool(u.scheme)
        self.path_only = u.path
        self.query = u.query
        p = {}
        r = load_routes().get(u.path)
        if r:
            p.update({k: str(v) for k, v in r.items()})
        for k, v in urllib.parse.parse_qsl(u.query, keep_blank_values=True):
            p[k] = v
        self.p = p
        return p

    def send(self, status, headers, body=b""):
        self.log_request_json(status)
        self.send_response(status, self.p.get("reason"))
        if "cookie" in self.p:
            self.send_header("Set-Cookie", self.p["cookie"])
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def log_event(self, event, sent):
        rec = {"path": "event:" + self.path_only, "event": event,
               "sent": sent, "time": time.time()}
        with log_lock:
            with open(opts.log, "a") as f:
                f.write(json.dumps(rec) + "\n")

    def send_lazy(self, ctype, chunks, length):
        """Send a 200 whose body comes from the iterator chunks, one piece
        at a time, so that a body of gigabytes costs no memory.  length is
        the Content-Length to announce, or None for none (then the body
        ends when the connection closes).  Logs the outcome as an event."""
        self.log_request_json(200)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if "cookie" in self.p:
            self.send_header("Set-Cookie", self.p["cookie"])
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        if self.command == "HEAD":
            return
        try:
            for c in chunks:
                self.wfile.write(c)
                self.wfile.flush()
                sent += len(c)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.log_event("closed", sent)
            return
        self.log_event("complete", sent)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        host = self.headers.get("Host") or ""
        with inflight_lock:
            inflight[host] = inflight.get(host, 0) + 1
            self.inflight = inflight[host]
        try:
            self.answer()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with inflight_lock:
                inflight[host] -= 1

    def authorized(self, spec):
        """Does the request's Authorization header satisfy spec
        ("basic:USER:PASS" or "digest:USER:PASS")?  If not, answer 401
        with the challenge and return False."""
        scheme, user, pw = spec.split(":", 2)
        got = self.headers.get("Authorization") or ""
        realm = "majlis-test"
        if scheme == "basic":
            want = base64.b64encode(f"{user}:{pw}".encode()).decode()
            if got == "Basic " + want:
                return True
            challenge = f'Basic realm="{realm}"'
        else:
            if got.startswith("Digest "):
                f = dict((k, v.strip('"')) for k, v in re.findall(
                    r'(\w+)=("[^"]*"|[^,\s]*)', got[7:]))
                md5 = lambda t: hashlib.md5(t.encode()).hexdigest()
                ha1 = md5(f"{user}:{realm}:{pw}")
                ha2 = md5(f"{self.command}:{f.get('uri', '')}")
                resp = md5(f"{ha1}:{f.get('nonce')}:{f.get('nc')}:"
                           f"{f.get('cnonce')}:{f.get('qop')}:{ha2}")
                if (f.get("username") == user and f.get("realm") == realm
                        and f.get("nonce") == DIGEST_NONCE
                        and f.get("qop") == "auth"
                        and f.get("response") == resp):
                    return True
            challenge = (f'Digest realm="{realm}", qop="auth", '
                         f'algorithm=MD5, nonce="{DIGEST_NONCE}"')
        self.send(401, [("WWW-Authenticate", challenge),
                        ("Content-Type", "text/plain")], b"who are you?\n")
        return False

    def answer(self):
        p = self.params()
        if "auth" in p and not self.authorized(p["auth"]):
            return
        if "stall" in p:
            time.sleep(float(p["stall"]))
        if "until" in p:
            end = time.monotonic() + 60
            while not os.path.exists(p["until"]) and time.monotonic() < end:
                time.sleep(0.02)
        if "delay" in p:
            time.sleep(float(p["delay"]) / 1000.0)
        if "chain" in p:
            u = urllib.parse.urlsplit(self.path)
            head = u.path.rstrip("0123456789")
            n = int(u.path[len(head):] or "0") + 1
            to = head + str(n) + ("?" + u.query if u.query else "")
            self.send(int(p["chain"]), [("Location", to)], b"moved\n")
            return
        if "redirect" in p:
            to = p.get("to", self.path)
            self.send(int(p["redirect"]), [("Location", to)],
                      b"moved\n")
            return
        if "status" in p:
            h = [("Content-Type", "text/plain")]
            if "retry" in p:
                h.append(("Retry-After", p["retry"]))
            self.send(int(p["status"]), h, b"status page\n")
            return

        ctype = p.get("ctype", "application/rss+xml")
        if "charset" in p:
            ctype += "; charset=" + p["charset"]

        if p.get("endless") == "1":
            self.log_request_json(200)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<!-- " + b"y" * 65000 + b" -->\n"
            self.wfile.write(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"
                             b"<channel><title>endless</title>")
            while True:
                self.wfile.write(chunk)

        nolength = p.get("nolength") == "1"
        if "huge" in p:
            self.send_lazy(ctype, huge_body(int(p["huge"])),
                           None if nolength else int(p["huge"]))
            return
        if "stream" in p:
            self.send_lazy(ctype, streamed_feed(self.path_only, p), None)
            return

        if "body" in p:
            with open(os.path.join(opts.root, p["body"]), "rb") as f:
                body = f.read()
        else:
            body = generated_feed(self.path_only, p)
        if "truncate" in p:
            body = body[:int(p["truncate"])]
        if "announce" in p:
            self.send_lazy(ctype, [body], int(p["announce"]))
            return

        headers = [("Content-Type", ctype)]
        use_etag = p.get("etag", "1") == "1"
        use_lm = p.get("lm", "1") == "1"
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        if use_etag:
            headers.append(("ETag", etag))
        if use_lm:
            headers.append(("Last-Modified", LAST_MODIFIED))

        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if use_etag and inm is not None:
            not_modified = etag in [t.strip() for t in inm.split(",")] \
                or inm.strip() == "*"
        elif use_lm and ims is not None:
            try:
                from email.utils import parsedate_to_datetime
                t = parsedate_to_datetime(ims).timestamp()
                not_modified = t >= LM_TIME
            except (TypeError, ValueError):
                pass
        if not_modified:
            self.send(304, [h for h in headers if h[0] != "Content-Type"])
            return

        if "drip" in p:
            self.send_lazy(ctype, drip(body, float(p["drip"])),
                           None if nolength else len(body))
            return

        if p.get("gzip") == "1" and \
                "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
            headers.append(("Vary", "Accept-Encoding"))
        self.send(200, headers, body)


def main():
    global opts
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--routes")
    ap.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "data"))
    # https: the certificate (PEM) and its key; a handshake the client
    # gives up (it does not trust the certificate) is no request, not logged.
    ap.add_argument("--cert")
    ap.add_argument("--key")
    opts = ap.parse_args()
    open(opts.log, "a").close()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if opts.cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.cert, opts.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    return serving.serve(srv, opts.port_file)


if __name__ == "__main__":
    sys.exit(main())
