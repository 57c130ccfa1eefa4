#!/usr/bin/env python3
"""tests/miniflux.py: Miniflux's REST API (/v1), on 127.0.0.1 only, for the
sync tests; tests/greader.py's server with other routes (the same options,
port file, request log and "hold").

The state file:

  {"token": "API KEY",
   "feeds": [{"id": 1, "feed_url": "...", "title": "...",
              "category": {"id": 1, "title": "Blogs"}}],
   "entries": [{"id": 1, "feed_id": 1, "status": "unread", "title": "...",
                "url": "...", "content": "...", "published_at": RFC3339,
                "changed_at": SECONDS, "starred": false}],
   "page_max": 50}

As Miniflux does: every call wants "X-Auth-Token: KEY", else 401;
GET /v1/me; GET /v1/feeds; GET /v1/entries (order=id, direction,
after_entry_id, changed_after: changed_at after it, limit, at most
page_max) answers {"total", "entries"}; GET /v1/entries/ID;
PUT /v1/entries {"entry_ids", "status"} and PUT /v1/entries/ID/bookmark
(a toggle) answer 204 and set changed_at to now.  GET /v1/categories (the
state's "categories" and the feeds'), POST /v1/categories {"title"} (201,
400 if there is one so titled); POST /v1/feeds {"feed_url",
"category_id"}: 201 {"feed_id"}, 400 to a URL it has already or a
category it has not; PUT /v1/feeds/ID {"category_id"} moves it (201, 404
if there is none); DELETE /v1/feeds/ID deletes it and its entries (204,
404 if there is none).
"""
import json
import sys
import time
import urllib.parse

import greader as g


class Handler(g.Handler):
    def do_PUT(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        self.data = self.rfile.read(n).decode("utf-8")
        self.handle_any({})

    do_POST = do_PUT
    do_DELETE = do_PUT

    def categories(self):
        cats = {c["id"]: c for c in g.state.get("categories", [])}
        for f in g.state.get("feeds", []):
            if f.get("category"):
                cats.setdefault(f["category"]["id"], f["category"])
        return sorted(cats.values(), key=lambda c: c["id"])

    def route(self, multi):
        state = g.state
        one = {k: v[-1] for k, v in multi.items()}
        if self.headers.get("X-Auth-Token") != state.get("token"):
            return self.answer(401, {"error_message": "Access Unauthorized"})
        p = self.rpath
        entries = state.get("entries", [])
        feeds = {f["id"]: f for f in state.get("feeds", [])}
        if p == "/v1/me":
            return self.answer(200, {"id": 1, "username": "alice"})
        if p == "/v1/feeds" and self.command == "GET":
            return self.answer(200, state.get("feeds", []))
        if p == "/v1/categories" and self.command == "GET":
            return self.answer(200, self.categories())
        if p == "/v1/categories" and self.command == "POST":
            title = json.loads(self.data)["title"]
            cats = self.categories()
            if any(c["title"] == title for c in cats):
                return self.answer(400, {"error_message": "exists"})
            c = {"id": max([c["id"] for c in cats] + [0]) + 1,
                 "title": title}
            state.setdefault("categories", []).append(c)
            g.save()
            return self.answer(201, c)
        if p == "/v1/feeds" and self.command == "POST":
            body = json.loads(self.data)
            url = body["feed_url"]
            fl = state.setdefault("feeds", [])
            if any(f["feed_url"] == url for f in fl):
                return self.answer(400, {"error_message":
                                         "This feed already exists."})
            cats = self.categories()
            cid = body.get("category_id", cats[0]["id"] if cats else 1)
            cat = [c for c in cats if c["id"] == cid]
            if not cat and "category_id" in body:
                return self.answer(400, {"error_message": "no category"})
            f = {"id": max([f["id"] for f in fl] + [0]) + 1,
                 "feed_url": url, "title": url,
                 "category": cat[0] if cat else {"id": 1, "title": "All"}}
            fl.append(f)
            g.save()
            return self.answer(201, {"feed_id": f["id"]})
        parts = p.split("/")
        if len(parts) == 4 and parts[1:3] == ["v1", "feeds"] and \
                parts[3].isdigit() and self.command == "PUT":
            f = feeds.get(int(parts[3]))
            if f is None:
                return self.answer(404, {"error_message": "Not Found"})
            cid = json.loads(self.data).get("category_id")
            cat = [c for c in self.categories() if c["id"] == cid]
            if cid is not None and not cat:
                return self.answer(400, {"error_message": "no category"})
            if cat:
                f["category"] = cat[0]
            g.save()
            return self.answer(201, f)
        if len(parts) == 4 and parts[1:3] == ["v1", "feeds"] and \
                parts[3].isdigit() and self.command == "DELETE":
            fid = int(parts[3])
            if fid not in feeds:
                return self.answer(404, {"error_message": "Not Found"})
            state["feeds"] = [f for f in state["feeds"] if f["id"] != fid]
            state["entries"] = [e for e in entries if e["feed_id"] != fid]
            g.save()
            return self.answer(204, "")
        if p == "/v1/entries" and self.command == "GET":
            sel = entries
            after = int(one.get("after_entry_id", "0") or 0)
            sel = [e for e in sel if e["id"] > after]
            if "changed_after" in one:
                t = int(one["changed_after"])
                sel = [e for e in sel if e.get("changed_at", 0) > t]
            sel = sorted(sel, key=lambda e: e["id"],
                         reverse=one.get("direction", "asc") == "desc")
            n = min(int(one.get("limit", "100")),
                    int(state.get("page_max", 1000)))
            page = [dict(e, feed=feeds.get(e["feed_id"], {})) for e in sel[:n]]
            return self.answer(200, {"total": len(sel), "entries": page})
        if p == "/v1/entries" and self.command == "PUT":
            body = json.loads(self.data)
            ids = set(body["entry_ids"])
            for e in entries:
                if e["id"] in ids:
                    e["status"] = body["status"]
                    e["changed_at"] = int(time.time())
            g.save()
            return self.answer(204, "")
        parts = p.split("/")
        if len(parts) >= 4 and parts[1:3] == ["v1", "entries"] and \
                parts[3].isdigit():
            e = [e for e in entries if e["id"] == int(parts[3])]
            if not e:
                return self.answer(404, {"error_message": "Not Found"})
            e = e[0]
            if len(parts) == 4 and self.command == "GET":
                return self.answer(200, dict(e, feed=feeds.get(e["feed_id"], {})))
            if len(parts) == 5 and parts[4] == "bookmark" and \
                    self.command == "PUT":
                e["starred"] = not e.get("starred", False)
                e["changed_at"] = int(time.time())
                g.save()
                return self.answer(204, "")
        return self.answer(404, {"error_message": "Not Found"})


if __name__ == "__main__":
    sys.exit(g.main(Handler))
