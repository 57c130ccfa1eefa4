#!/usr/bin/env bash
# What majlis gives away, on disk and on the wire.
#   1. Files: the database, its -wal and -shm, the fetch lock and every
#      directory majlis creates are private to the user (0600 / 0700), even
#      when it runs under umask 000, and so is a config file import makes
#      for newsboat's views.  A database named (-d, MAJLIS_DB) in a
#      directory that does not exist is refused, not made there.
#   2. Requests: the User-Agent is the configured one, exactly; apart from
#      it a request carries nothing that tells who we are: no Referer (not
#      even after a redirect), no Cookie (not even when the server sets
#      one), no From; the full list of headers is checked against the few
#      a conditional GET needs.
#   3. Proxies: a per-feed proxy carries every request of that feed,
#      redirects to another host and the conditional refetch included, and
#      no request of another feed; https goes through it as a CONNECT.  With
#      socks5h:// the host NAME goes to the proxy, which resolves it (the
#      .invalid names here resolve nowhere else); with socks5:// it would
#      have to resolve locally, and so fails.
. tests/lib.sh
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
server_start

# mode FILE: its permission bits in octal.
mode() { stat -c %a "$1"; }

# --- 1. private files under umask 000 ----------------------------------------
# The default database path under an XDG_DATA_HOME that does not exist yet:
# majlis makes every directory on the way.
unset MAJLIS_DB
export XDG_DATA_HOME="$T/xdg/share"
db="$XDG_DATA_HOME/majlis/majlis.db"
# /slow answers once $T/go exists: the fetch runs until the test has
# looked at its files.
server_routes '{"/slow": {"until": "'"$T/go"'"}}'
(
	umask 000
	printf '%s\n' "$BASE/a" "$BASE/slow" >"$T/priv.urls"
	"$MAJLIS" import "$T/priv.urls" >/dev/null 2>&1 || exit 3
	"$MAJLIS" fetch -q >"$T/fetch.out" 2>&1 &
	pid=$!
	# While the fetch runs, its -wal and -shm exist: look at them then.
	for i in $(seq 500); do
		[ -e "$db-wal" ] && [ -e "$db-shm" ] && [ -e "$db.lock" ] && break
		sleep 0.02
	done
	for f in "$db-wal" "$db-shm" "$db.lock"; do
		[ -e "$f" ] && echo "$(basename "$f") $(stat -c %a "$f")"
	done >"$T/modes-during"
	touch "$T/go"
	wait "$pid" || exit 4
) || fail "import or fetch under umask 000 failed (status $?): $(cat "$T/fetch.out" 2>/dev/null)"
export MAJLIS_DB="$db"
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" 6
cat "$T/modes-during"
expect_eq "-wal, -shm and lock seen during the fetch" "$(wc -l <"$T/modes-during")" 3
while read -r f m; do
	expect_eq "$f during the fetch" "$m" 600
done <"$T/modes-during"
for d in "$T/xdg" "$T/xdg/share" "$XDG_DATA_HOME/majlis"; do
	expect_eq "directory ${d#"$T"/}" "$(mode "$d")" 700
done
for f in "$XDG_DATA_HOME"/majlis/*; do
	expect_eq "file ${f#"$T"/}" "$(mode "$f")" 600
done
# A database named with -d or MAJLIS_DB in a directory that does not exist
# is refused, the directory named (exit 2, as a file error): a cron job
# must not fetch into a new empty cache where a disk was not mounted.
rc=$(run_status "$MAJLIS" -d "$T/deep/er/my.db" feeds)
expect_eq "-d in a missing directory: exit" "$rc" 2
expect_eq "-d in a missing directory: the error" "$(cat "$T/err")" \
    "majlis: $T/deep/er/my.db: no such directory: $T/deep/er"
[ ! -e "$T/deep" ] || fail "-d made the missing directories"
rc=$(MAJLIS_DB="$T/deep/my.db" run_status "$MAJLIS" fetch -q)
expect_eq "MAJLIS_DB in a missing directory: exit" "$rc" 2
expect_grep "MAJLIS_DB in a missing directory: named" "no such directory: $T/deep\$" "$T/err"
[ ! -e "$T/deep" ] || fail "MAJLIS_DB made the missing directory"
: >"$T/file"
rc=$(run_status "$MAJLIS" -d "$T/file/my.db" feeds)
expect_eq "-d under a file: exit" "$rc" 2
# In a directory that exists, the new database is private.
mkdir -p "$T/deep/er"
(umask 000; "$MAJLIS" -d "$T/deep/er/my.db" feeds >/dev/null 2>&1) ||
    fail "majlis -d in an existing directory failed"
expect_eq "-d database" "$(mode "$T/deep/er/my.db")" 600
# The reader writes too: tags and read flags from a umask 000 shell keep
# the database private (SQLite could re-create -wal and -shm).
(
	umask 000
	"$MAJLIS" tag 1 private && "$MAJLIS" mark read 1
) >/dev/null 2>&1 || fail "tag or mark under umask 000 failed"
for f in "$XDG_DATA_HOME"/majlis/*; do
	expect_eq "file ${f#"$T"/} after tag and mark" "$(mode "$f")" 600
done
# The config file majlis writes itself (import's newsboat views) is
# private too, when import makes it.
rm -f "$MAJLIS_CONFIG"
printf '"query:Unread:unread = \\"yes\\""\n' >"$T/views.urls"
(umask 000; "$MAJLIS" import "$T/views.urls" >"$T/out" 2>&1) ||
    fail "import of a view under umask 000 failed: $(cat "$T/out")"
expect_grep "import: the view written" '^view "Unread"' "$MAJLIS_CONFIG"
expect_eq "config made by import" "$(mode "$MAJLIS_CONFIG")" 600
: >"$MAJLIS_CONFIG"

# --- 2. what a request says about us -----------------------------------------
ua='Feed Reader 9.9 (+https://example.invalid/bot; "quoted")'
# In the config file's quoting: "...", with \" inside.
printf 'user-agent = "%s"\n' "${ua//\"/\\\"}" >"$MAJLIS_CONFIG"
server_routes '{
  "/cookie": {"cookie": "session=secret42; Path=/", "redirect": 302, "to": "/landed"},
  "/landed": {"cookie": "track=me; Path=/"}
}'
subscribe "$BASE/cookie" "$BASE/plain"
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch "$BASE/cookie" "$BASE/plain")
expect_eq "fetch exit" "$rc" 0
# Once more: a server that set cookies sees none come back.
rc=$(run_status "$MAJLIS" fetch "$BASE/cookie" "$BASE/plain")
expect_eq "refetch exit" "$rc" 0
expect_eq "requests" "$(grep -c '"method"' "$T/server.log")" 6
# What a GET needs: where to, who asks (configured), what it takes, and the
# validators of a conditional GET.  Nothing else may be sent.
jq -rn --arg ua "$ua" 'inputs | select(has("method")) |
    [.headers[][0] | ascii_downcase] as $names |
    ($names - ["host", "user-agent", "accept", "accept-encoding",
        "if-none-match", "if-modified-since"]) as $extra |
    [.headers[] | select(.[0] | ascii_downcase == "user-agent") | .[1]] as $got |
    (if $extra != [] then "\(.method) \(.path): sent \($extra)" else empty end),
    (if $got != [$ua] then "\(.method) \(.path): User-Agent \($got), want \($ua)"
        else empty end),
    (if ($names | length) != ($names | unique | length)
        then "\(.method) \(.path): a header twice: \($names)" else empty end)
    ' "$T/server.log" >"$T/headers-bad" && [ ! -s "$T/headers-bad" ] ||
    { cat "$T/headers-bad"; fail "a request said more than it should (above)"; }
expect_no_grep "no Referer" '"Referer"' "$T/server.log"
expect_no_grep "no Cookie" '"Cookie"|secret42|track=me' <(grep '"method"' "$T/server.log")
expect_eq "the redirect was followed" "$(server_count /landed 200)" 1
expect_eq "the refetch was conditional" "$(server_count /landed 304)" 1
: >"$MAJLIS_CONFIG"

# --- 3. proxies ------------------------------------------------------------
# One python process: an HTTP proxy (absolute-form GETs and CONNECT) and a
# SOCKS5 proxy, both logging what they were asked for and sending every
# connection on to the test server, whatever the name: they are the only
# ones who know where the .invalid hosts are.
cat >"$T/proxy.py" <<'PY'
import json, select, socket, socketserver, sys, threading
port_file, log, origin = sys.argv[1], sys.argv[2], int(sys.argv[3])
lock = threading.Lock()

def note(rec):
    with lock, open(log, "a") as f:
        f.write(json.dumps(rec) + "\n")

def relay(a, b):
    socks = [a, b]
    while True:
        r, _, _ = select.select(socks, [], [], 30)
        if not r:
            return
        for s in r:
            d = s.recv(65536)
            if not d:
                return
            (b if s is a else a).sendall(d)

def readn(s, n):
    d = b""
    while len(d) < n:
        c = s.recv(n - len(d))
        if not c:
            raise EOFError
        d += c
    return d

class Http(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        head = b""
        while b"\r\n\r\n" not in head:
            c = s.recv(4096)
            if not c:
                return
            head += c
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        note({"proxy": "http", "line": line})
        if line.startswith("CONNECT "):
            s.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        # Forward one request, in origin form, and the connection closes.
        method, uri, ver = line.split(" ")
        path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
        rest = head.split(b"\r\n", 1)[1]
        rest = b"\r\n".join(h for h in rest.split(b"\r\n")
                            if not h.lower().startswith(b"proxy-connection:")
                            and not h.lower().startswith(b"connection:"))
        o = socket.create_connection(("127.0.0.1", origin))
        o.sendall(("%s %s HTTP/1.1\r\n" % (method, path)).encode() +
                  b"Connection: close\r\n" + rest)
        while True:
            d = o.recv(65536)
            if not d:
                break
            s.sendall(d)
        o.close()

class Socks(socketserver.BaseRequestHandler):
    def handle(self):
        s = self.request
        try:
            ver, n = readn(s, 2)
            readn(s, n)
            s.sendall(b"\x05\x00")
            ver, cmd, _, atyp = readn(s, 4)
            if atyp == 3:
                host = readn(s, readn(s, 1)[0]).decode("latin-1")
                kind = "name"
            elif atyp == 1:
                host = socket.inet_ntop(socket.AF_INET, readn(s, 4))
                kind = "ipv4"
            else:
                host = socket.inet_ntop(socket.AF_INET6, readn(s, 16))
                kind = "ipv6"
            port = int.from_bytes(readn(s, 2), "big")
        except EOFError:
            return
        note({"proxy": "socks", "kind": kind, "host": host, "port": port})
        o = socket.create_connection(("127.0.0.1", origin))
        s.sendall(b"\x05\x00\x00\x01\x7f\x00\x00\x01" + origin.to_bytes(2, "big"))
        relay(s, o)
        o.close()

class TS(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

h = TS(("127.0.0.1", 0), Http)
k = TS(("127.0.0.1", 0), Socks)
for srv in (h, k):
    threading.Thread(target=srv.serve_forever, daemon=True).start()
with open(port_file + ".tmp", "w") as f:
    f.write("%d %d\n" % (h.server_address[1], k.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
threading.Event().wait()
PY
: >"$T/proxy.log"
python3 "$T/proxy.py" "$T/proxy.port" "$T/proxy.log" "$PORT" 2>"$T/proxy.err" &
PROXY_PID=$!
at_exit 'kill $PROXY_PID 2>/dev/null'
for i in $(seq 100); do
	[ -s "$T/proxy.port" ] && break
	sleep 0.05
done
[ -s "$T/proxy.port" ] || fail "the proxies did not start: $(cat "$T/proxy.err")"
read -r HP SP <"$T/proxy.port"

server_routes '{
  "/h": {"redirect": 301, "to": "http://other.invalid/h2"},
  "/s": {"redirect": 302, "to": "http://feed2.invalid/s2"}
}'
subscribe "http://feed.invalid/h" "https://secure.invalid/c" "$BASE/direct" \
    "http://feed.invalid/s" "http://local.invalid/e"
setproxy() { sql_write "UPDATE feeds SET proxy = '$2' WHERE url = '$1'"; }
setproxy "http://feed.invalid/h" "http://127.0.0.1:$HP"
setproxy "https://secure.invalid/c" "http://127.0.0.1:$HP"
setproxy "http://feed.invalid/s" "socks5h://127.0.0.1:$SP"
setproxy "http://local.invalid/e" "socks5://127.0.0.1:$SP"
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch "http://feed.invalid/h" "https://secure.invalid/c" \
    "$BASE/direct" "http://feed.invalid/s" "http://local.invalid/e")
echo "--- proxy log:"; cat "$T/proxy.log"
expect_eq "fetch exit (https and socks5 fail)" "$rc" 1
# HTTP proxy: both hops of the redirect to another host, in absolute form.
expect_grep "first hop through the proxy" '"GET http://feed.invalid/h HTTP/1.1"' "$T/proxy.log"
expect_grep "second hop through the proxy" '"GET http://other.invalid/h2 HTTP/1.1"' "$T/proxy.log"
expect_eq "moved where the redirect said" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://other.invalid/h2'")" 1
expect_eq "posts through the HTTP proxy" \
    "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = 'http://other.invalid/h2'")" 3
# https through the proxy is a CONNECT to the name, never a local lookup.
expect_grep "https: CONNECT through the proxy" '"CONNECT secure.invalid:443 HTTP/1.1"' "$T/proxy.log"
expect_grep "https: failed" "^majlis: https://secure.invalid/c: ." "$T/err"
# The feed without a proxy of its own goes direct, and the proxy never
# hears of it.
expect_eq "direct feed: straight to the server" "$(server_log_field /direct proxied)" false
expect_no_grep "direct feed: not through the proxy" "/direct" "$T/proxy.log"
# socks5h: the proxy got the names, both hops, and the feed was read.
expect_grep "socks5h: first name" '"kind": "name", "host": "feed.invalid", "port": 80' "$T/proxy.log"
expect_grep "socks5h: redirect target name" '"kind": "name", "host": "feed2.invalid", "port": 80' "$T/proxy.log"
expect_eq "socks5h: temporary redirect keeps the URL" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://feed.invalid/s'")" 1
expect_eq "socks5h: posts" \
    "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = 'http://feed.invalid/s'")" 3
expect_eq "socks5h: Host header" "$(server_log_field /s2 host)" feed2.invalid
# socks5 (local resolution): the .invalid name cannot be resolved here, so
# it fails, and the proxy was never asked to connect anywhere for it.
expect_grep "socks5: fails to resolve" "^majlis: http://local.invalid/e: .*resolve" "$T/err"
expect_no_grep "socks5: no address leaked to the proxy" '"kind": "ipv' "$T/proxy.log"
expect_no_grep "socks5: name not sent either" 'local.invalid' "$T/proxy.log"
# /h, /h2 (HTTP proxy), /s, /s2 (socks5h) and /direct: nothing else.
expect_eq "requests that reached the server" \
    "$(grep -c '"method"' "$T/server.log")" 5

# The conditional refetch goes the same ways.
: >"$T/proxy.log"
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch "http://other.invalid/h2" "http://feed.invalid/s")
expect_eq "refetch exit" "$rc" 0
expect_grep "refetch through the HTTP proxy" '"GET http://other.invalid/h2 HTTP/1.1"' "$T/proxy.log"
expect_eq "refetch answered 304" "$(server_count /h2 304)" 1
expect_grep "refetch through socks5h" '"host": "feed.invalid"' "$T/proxy.log"
expect_eq "socks5h refetch 304" "$(server_count /s2 304)" 1
exit 0
