#!/usr/bin/env python3
"""tests/greader.py: a Google Reader API server as FreshRSS implements it
(p/api/greader.php), on 127.0.0.1 only, for the sync tests.

    greader.py --port-file F --state FILE --log F

It listens on a free port, writes the port number to --port-file once it
accepts connections, and serves until killed, under /api/greader.php as
FreshRSS does.  Everything it knows is the JSON state file, re-read when it
changed and written back (write and rename) after an edit, so a test seeds
it before a sync and reads it after:

  {"users": {"LOGIN": "PASSWORD"},
   "feeds": [{"id": 1, "url": "...", "title": "...", "category": "Blogs"}],
   "items": [{"id": MICROSECONDS, "feed": 1, "title": "...", "link": "...",
              "content": "...", "published": SECONDS, "read": false,
              "starred": false, "labels": ["..."]}],
   "labels": ["..."],              labels that exist without an item
   "page_max": 50,                 the most items or ids a page gives
   "clock": -7200,                 the server's clock against the machine's
   "hold": {"path": "...", "from": N, "until": FILE}}

An item's id is when it was crawled, in microseconds, as FreshRSS's entry
ids are; ot= compares with it in seconds.  "hold" holds the answer to the
Nth request (counted from 1) to a path and every later one until FILE
exists (at most 60 s), logging {"event": "held"} as it starts to wait, so
that a test can kill the client while a response is outstanding.

The behaviour, from greader.php: ClientLogin (Email, Passwd) answers 401 to
a wrong password, else "SID=.. LSID=null Auth=.."; every reader/api/0 call
wants "Authorization: GoogleLogin auth=..", else 401; token gives the T
token of 57 characters that edit-tag's T must equal (else 401).
stream/contents/...reading-list (r=o oldest first, else newest; n; ot; c, a
continuation that is the last id of the page before: the page starts after
it; xt/it read, unread, starred) gives items as toGReader('compat') does:
id "tag:google.com,2005:reader/item/HEX", categories with reading-list, the
feed's folder as user/-/label/FOLDER, read, starred and the item's labels.
stream/items/ids (s, xt, it, n, c, r: newest first by default) gives
itemRefs of decimal ids.  subscription/list, tag/list (starred, folders
type "folder", labels type "tag"), edit-tag (i repeated, decimal or the
tag: form; a/r read, starred, user/-/label/X, which it creates).
subscription/edit (POST, T): ac=subscribe s=feed/URL (a=user/-/label/X its
folder) adds a feed with the next id, and answers 400 to a URL it has
already or that the state's "refuse" list names; ac=unsubscribe s=feed/N deletes feed N and its items, 400 if
there is none; ac=edit s=feed/N a=user/-/label/X moves feed N to folder
X (400 if there is no feed N); a numeric s to subscribe is skipped, as
FreshRSS does.

Each request is logged to --log as a JSON line: method, path, query (the
form too, its Passwd left out), status, agent (the User-Agent).
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import serving

PREFIX = "/api/greader.php"
STATE = "user/-/state/com.google/"
LABEL = "user/-/label/"
ITEM = "tag:google.com,2005:reader/item/"

lock = threading.Lock()
state = {}
state_mtime = None
counts = {}
opts = None


def load():
    global state, state_mtime
    m = os.stat(opts.state).st_mtime_ns
    if m != state_mtime:
        with open(opts.state) as f:
            state = json.load(f)
        state_mtime = m


def save():
    global state_mtime
    tmp = opts.state + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f, ensure_ascii=False, indent=1)
    os.rename(tmp, opts.state)
    state_mtime = os.stat(opts.state).st_mtime_ns


def token(user):
    return ("T" + user).ljust(57, "Z")


def auth_of(user):
    """FreshRSS's: the user and a hash of its password's hash (no password)."""
    pw = state["users"][user].encode("utf-8")
    return user + "/" + hashlib.sha1(b"salt" + user.encode() +
                                     hashlib.sha256(pw).digest()).hexdigest()


def feed_of(fid):
    for f in state.get("feeds", []):
        if f["id"] == fid:
            return f
    return None


def item_id(s):
    """An id as edit-tag and the clients give it: decimal, or the tag: form."""
    if s.isdigit() and not s.startswith("0"):
        return int(s)
    return int(s.rsplit("/", 1)[-1], 16)


def to_greader(it):
    f = feed_of(it["feed"]) or {}
    cats = [STATE + "reading-list"]
    if f.get("category"):
        cats.append(LABEL + f["category"])
    if it.get("read"):
        cats.append(STATE + "read")
    if it.get("starred"):
        cats.append(STATE + "starred")
    for l in it.get("labels", []):
        cats.append(LABEL + l)
    out = {
        "id": ITEM + "%016x" % it["id"],
        "crawlTimeMsec": str(it["id"] // 1000),
        "timestampUsec": str(it["id"]),
        "published": it.get("published", it["id"] // 1000000),
        "title": it.get("title", ""),
        "canonical": [{"href": it.get("link", "")}],
        "alternate": [{"href": it.get("link", "")}],
        "categories": cats,
        "origin": {"streamId": "feed/%d" % it["feed"],
                   "htmlUrl": f.get("htmlUrl", ""),
                   "title": f.get("title", "")},
        "summary": {"content": it.get("content", "")},
    }
    if it.get("author"):
        out["author"] = it["author"]
    return out


def select(items, stream, q):
    """The items of a stream with the filters of a query, in its order."""
    if stream == STATE + "starred":
        items = [i for i in items if i.get("starred")]
    elif stream.startswith(LABEL):
        name = stream[len(LABEL):]
        items = [i for i in items if name in i.get("labels", []) or
                 (feed_of(i["feed"]) or {}).get("category") == name]
    elif stream.startswith("feed/"):
        items = [i for i in items if "feed/%d" % i["feed"] == stream]
    for key, keep in (("xt", False), ("it", True)):
        t = q.get(key, "")
        if t == STATE + "read":
            items = [i for i in items if bool(i.get("read")) == keep]
        elif t == STATE + "unread":
            items = [i for i in items if bool(i.get("read")) != keep]
        elif t == STATE + "starred":
            items = [i for i in items if bool(i.get("starred")) == keep]
    ot = int(q.get("ot", "0") or 0)
    if ot:
        items = [i for i in items if i["id"] >= ot * 1000000]
    asc = q.get("r", "d") == "o"
    items = sorted(items, key=lambda i: i["id"], reverse=not asc)
    c = q.get("c", "")
    if c.isdigit():
        c = int(c)
        items = [i for i in items if (i["id"] > c if asc else i["id"] < c)]
    n = int(q.get("n", "20") or 20)
    n = min(n, int(state.get("page_max", 1000)))
    page = items[:n]
    # FreshRSS's rule: a full page has a continuation, even the last one.
    cont = str(page[-1]["id"]) if page and len(page) >= n else None
    return page, cont


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def record(self, status, extra=None):
        rec = {"method": self.command, "path": self.rpath,
               "query": self.q, "status": status,
               "agent": self.headers.get("User-Agent", "")}
        if extra:
            rec.update(extra)
        with open(opts.log, "a") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def answer(self, status, body, ctype="application/json; charset=UTF-8"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False)
        data = body.encode("utf-8")
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def hold(self):
        h = state.get("hold")
        if not h or h.get("path") != self.rpath:
            return
        with lock:
            counts[self.rpath] = counts.get(self.rpath, 0) + 1
            n = counts[self.rpath]
        if n < int(h.get("from", 1)):
            return
        self.record(0, {"event": "held"})
        end = time.monotonic() + 60
        while not os.path.exists(h["until"]) and time.monotonic() < end:
            time.sleep(0.02)

    def user(self):
        a = self.headers.get("Authorization", "")
        if not a.startswith("GoogleLogin auth="):
            return None
        a = a[len("GoogleLogin auth="):]
        u = a.split("/", 1)[0]
        if u in state.get("users", {}) and a == auth_of(u):
            return u
        return None

    def do_GET(self):
        self.handle_any({})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(n).decode("utf-8")
        self.handle_any(urllib.parse.parse_qs(body, keep_blank_values=True))

    def handle_any(self, form):
        u = urllib.parse.urlsplit(self.path)
        self.rpath = urllib.parse.unquote(u.path)
        multi = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        for k, v in form.items():
            multi.setdefault(k, []).extend(v)
        self.q = {k: (v if k == "i" else v[-1]) for k, v in multi.items()
                  if k != "Passwd"}
        with lock:
            load()
        self.hold()
        with lock:
            load()
            self.route(multi)

    def route(self, multi):
        if not self.rpath.startswith(PREFIX + "/"):
            return self.answer(404, "Not Found", "text/plain")
        p = self.rpath[len(PREFIX):]
        one = {k: v[-1] for k, v in multi.items()}
        if p == "/accounts/ClientLogin":
            user, pw = one.get("Email", ""), one.get("Passwd")
            if user not in state.get("users", {}):
                return self.answer(400, "Bad Request!", "text/plain")
            if pw != state["users"][user]:
                return self.answer(401, "Unauthorized!", "text/plain")
            a = auth_of(user)
            return self.answer(200, "SID=%s\nLSID=null\nAuth=%s\n" % (a, a),
                               "text/plain; charset=UTF-8")
        if not p.startswith("/reader/api/0/"):
            return self.answer(400, "Bad Request!", "text/plain")
        user = self.user()
        if user is None:
            return self.answer(401, "Unauthorized!", "text/plain")
        p = p[len("/reader/api/0"):]
        items = state.get("items", [])
        if p == "/token":
            return self.answer(200, token(user) + "\n", "text/plain")
        if p == "/subscription/list":
            subs = []
            for f in state.get("feeds", []):
                cat = f.get("category") or "Uncategorized"
                subs.append({"id": "feed/%d" % f["id"],
                             "title": f.get("title", ""),
                             "categories": [{"id": LABEL + cat,
                                             "label": cat}],
                             "url": f["url"],
                             "htmlUrl": f.get("htmlUrl", ""),
                             "iconUrl": ""})
            return self.answer(200, {"subscriptions": subs})
        if p == "/tag/list":
            tags = [{"id": STATE + "starred"}]
            cats = sorted({f.get("category") or "Uncategorized"
                           for f in state.get("feeds", [])})
            tags += [{"id": LABEL + c, "type": "folder"} for c in cats]
            labels = set(state.get("labels", []))
            for i in items:
                labels.update(i.get("labels", []))
            tags += [{"id": LABEL + l, "type": "tag"} for l in sorted(labels)]
            return self.answer(200, {"tags": tags})
        if p.startswith("/stream/contents/"):
            stream = p[len("/stream/contents/"):]
            page, cont = select(items, stream, one)
            out = {"id": STATE + "reading-list",
                   "updated": int(time.time()) + state.get("clock", 0),
                   "items": [to_greader(i) for i in page]}
            if cont:
                out["continuation"] = cont
            return self.answer(200, out)
        if p == "/stream/items/ids":
            page, cont = select(items, one.get("s", ""), one)
            out = {"itemRefs": [{"id": str(i["id"])} for i in page]}
            if cont:
                out["continuation"] = cont
            return self.answer(200, out)
        if p == "/subscription/edit":
            if self.command != "POST":
                return self.answer(400, "Bad Request!", "text/plain")
            if one.get("T", "") != token(user):
                return self.answer(401, "Unauthorized!", "text/plain")
            feeds = state.setdefault("feeds", [])
            ac, add = one.get("ac", ""), one.get("a", "")
            for sid in multi.get("s", []):
                if not sid.startswith("feed/"):
                    continue
                rest = sid[len("feed/"):]
                if ac == "subscribe":
                    if rest.isdigit():
                        continue
                    if any(f["url"] == rest for f in feeds) or \
                            rest in state.get("refuse", []):
                        return self.answer(400, "Bad Request!", "text/plain")
                    f = {"id": max([f["id"] for f in feeds] + [0]) + 1,
                         "url": rest, "title": rest}
                    if add.startswith(LABEL):
                        f["category"] = add[len(LABEL):]
                    feeds.append(f)
                elif ac == "unsubscribe":
                    if not rest.isdigit() or not feed_of(int(rest)):
                        return self.answer(400, "Bad Request!", "text/plain")
                    fid = int(rest)
                    state["feeds"] = feeds = [f for f in feeds
                                              if f["id"] != fid]
                    state["items"] = [i for i in items if i["feed"] != fid]
                elif ac == "edit":
                    f = feed_of(int(rest)) if rest.isdigit() else None
                    if not f:
                        return self.answer(400, "Bad Request!", "text/plain")
                    if add.startswith(LABEL):
                        f["category"] = add[len(LABEL):]
                else:
                    return self.answer(400, "Bad Request!", "text/plain")
            save()
            return self.answer(200, "OK", "text/plain")
        if p == "/edit-tag":
            if self.command != "POST":
                return self.answer(400, "Bad Request!", "text/plain")
            if one.get("T", "") != token(user):
                return self.answer(401, "Unauthorized!", "text/plain")
            ids = {item_id(s) for s in multi.get("i", [])}
            for key, on in (("a", True), ("r", False)):
                t = one.get(key, "")
                for i in items:
                    if i["id"] not in ids:
                        continue
                    if t == STATE + "read":
                        i["read"] = on
                    elif t == STATE + "starred":
                        i["starred"] = on
                    elif t.startswith(LABEL):
                        ls = i.setdefault("labels", [])
                        name = t[len(LABEL):]
                        if on and name not in ls:
                            ls.append(name)
                        elif not on and name in ls:
                            ls.remove(name)
            save()
            return self.answer(200, "OK", "text/plain")
        return self.answer(400, "Bad Request!", "text/plain")


def main(handler=None):
    """Serve handler (this file's Handler, or tests/miniflux.py's)."""
    global opts
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--log", required=True)
    opts = ap.parse_args()
    open(opts.log, "a").close()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler or Handler)
    srv.daemon_threads = True
    return serving.serve(srv, opts.port_file)


if __name__ == "__main__":
    sys.exit(main())
