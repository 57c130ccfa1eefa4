#!/usr/bin/env bash
# proxy-only = yes and tor = yes (majlis.conf(5), PRIVACY): every request
# of every command that connects (fetch, add and its page discovery,
# follow, fetch's sync of the member lists, every redirect hop) goes
# through the SOCKS proxy with its names resolved by the proxy, or none is
# made.  The suite's SOCKS server (tests/socks5.py) logs every CONNECT and
# the port it connects from; the HTTP server logs each request's peer
# port, so "direct" below is a request whose port the proxy did not open.
# A feed host that does not resolve here (.onion, .invalid) is reached
# only through the proxy, one that does (localhost) by name too, and no
# resolver is asked (strace); with the proxy gone every command fails closed;
# tor = yes gives each feed host its own SOCKS login (one Tor circuit);
# what a request tells: a generic User-Agent, no cookie, no Referer.
. tests/lib.sh
server_start
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

socks_start
SP=$SOCKS_PORT
SOCKS="socks5h://127.0.0.1:$SP"

# direct: the requests the HTTP server had that did not come through the
# proxy.  requests: all of them.
direct() {
	jq -rn --slurpfile s "$T/socks.log" '[$s[].local_port] as $p |
	    [inputs | select(.path | startswith("event:") | not) |
	    select(.peer_port as $q | $p | index($q) | not)] | length' \
	    "$T/server.log"
}
requests() { jq -rn '[inputs | select(.path | startswith("event:") | not)] | length' "$T/server.log"; }
socks_hosts() { jq -r '"\(.atyp) \(.host)"' "$T/socks.log" | sort -u; }
fresh() { : >"$T/server.log"; : >"$T/socks.log"; }
revalidate() { sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"; }

cat >"$T/page.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>A blog</title>
<link rel="alternate" type="application/rss+xml" title="Posts" href="/feeds/posts.xml">
</head><body><p>Welcome.</p></body></html>
HTML
cat >"$T/list.opml" <<OPML
<?xml version="1.0"?>
<opml version="2.0"><head><title>Bloggers</title></head><body>
<outline text="m" xmlUrl="http://member.invalid:$PORT/member"/>
</body></opml>
OPML
server_routes '{
  "/page.html": {"ctype": "text/html", "body": "'"$T"'/page.html"},
  "/list": {"ctype": "text/x-opml", "body": "'"$T"'/list.opml"},
  "/moved": {"redirect": 302, "to": "http://elsewhere.invalid:'"$PORT"'/landed"},
  "/cookie": {"cookie": "session=s3cret; Path=/"},
  "/passwd": {"redirect": 302, "to": "file:///etc/passwd"}
}'

# --- every mode: no redirect leaves http and https -----------------------------
subscribe "$BASE/passwd"
run 1 "$MAJLIS" fetch
expect_grep "a redirect to file: is refused" "$BASE/passwd: redirect to a non-HTTP URL refused" "$T/err"
rm -f "$MAJLIS_DB"

# --- proxy-only without a usable proxy: nothing is sent -----------------------
fresh
echo "proxy-only = yes" >"$MAJLIS_CONFIG"
subscribe "$BASE/one"
run 2 "$MAJLIS" fetch
expect_grep "fetch: no proxy" "proxy-only = yes, but no proxy is set" "$T/err"
run 2 "$MAJLIS" add "$BASE/page.html"
expect_grep "add: no proxy" "proxy-only = yes, but no proxy is set" "$T/err"
run 2 "$MAJLIS" follow "$BASE/list"
expect_grep "follow: no proxy" "proxy-only = yes, but no proxy is set" "$T/err"
# socks5:// has curl look the name up here: refused, not upgraded.
printf 'proxy-only = yes\nproxy = socks5://127.0.0.1:%s\n' "$SP" >"$MAJLIS_CONFIG"
run 2 "$MAJLIS" fetch
expect_grep "socks5:// refused" "socks5://127.0.0.1:$SP would look names up on this machine" "$T/err"
printf 'proxy-only = yes\nproxy = socks4://127.0.0.1:%s\n' "$SP" >"$MAJLIS_CONFIG"
run 2 "$MAJLIS" fetch
expect_grep "socks4:// refused" "would look names up on this machine" "$T/err"
# A line of them that cannot be read, or their name misspelt, refuses too:
# going on would connect directly.
for line in 'proxy-only = yse' 'tor = on please' 'proxy_only = yes' 'proxyonly = yes' 'ttor = yes'; do
	printf '%s\nproxy = %s\n' "$line" "$SOCKS" >"$MAJLIS_CONFIG"
	run 2 "$MAJLIS" fetch
	expect_grep "$line: refused" "^majlis: $MAJLIS_CONFIG:1: " "$T/err"
done
expect_eq "nothing reached the server" "$(requests)" 0
expect_eq "nothing reached the proxy" "$(wc -l <"$T/socks.log")" 0
rm -f "$MAJLIS_DB"

# --- proxy-only through socks5h: every command, nothing direct ---------------
# The feeds' hosts: 127.0.0.1 itself (which a direct connection would
# reach), a .onion name and .invalid names that only the proxy reaches.
printf 'proxy-only = yes\nproxy = %s\ncookie-cache = %s\n' "$SOCKS" "$T/cookies" >"$MAJLIS_CONFIG"
fresh
subscribe "$BASE/one" "http://blog.example.onion:$PORT/onion" \
    "http://feeds.invalid:$PORT/moved" "http://feeds.invalid:$PORT/cookie" \
    "$BASE/own-proxy"
# A feed's own proxy of "" or "none" is the configured one, never direct;
# no_proxy (curl reads it) does not apply either.
sql_write "UPDATE feeds SET proxy = '' WHERE url = '$BASE/own-proxy'"
sql_write "UPDATE feeds SET proxy = 'none' WHERE url = '$BASE/one'"
run 0 env no_proxy='*' NO_PROXY='*' "$MAJLIS" fetch
expect_eq "fetch: every feed" "$(sql 'SELECT count(*) FROM feeds WHERE error IS NULL')" 5
expect_eq "fetch: nothing direct" "$(direct)" 0
expect_eq "fetch: every request" "$(requests)" 6
expect_grep "the .onion name went to the proxy" "^domain blog.example.onion$" <(socks_hosts)
expect_grep "the redirect's host went to the proxy" "^domain elsewhere.invalid$" <(socks_hosts)
expect_no_grep "no name was looked up here" "^ipv[46] [^1]" <(socks_hosts)
# What a request says: a common browser's User-Agent, no Referer, and no
# cookie even to the server that set one (cookie-cache is not used).
revalidate
fresh
run 0 "$MAJLIS" fetch
server_headers /cookie >"$T/headers"
expect_grep "a generic User-Agent" "^User-Agent: Mozilla/5.0 \(Windows NT 10.0; rv:140.0\) Gecko/20100101 Firefox/140.0$" "$T/headers"
expect_no_grep "no Cookie" "^Cookie:" "$T/headers"
expect_no_grep "no Referer" "^Referer:" <(server_headers /landed)
expect_no_grep "no majlis anywhere" "majlis" <(jq -r '.headers[][1]' "$T/server.log")
[ ! -e "$T/cookies" ] || fail "the cookie jar was written"
# The validators stay: they are the feed's own.
fresh
run 0 "$MAJLIS" fetch
expect_eq "conditional GET kept" "$(server_log_field /one status)" 304
expect_eq "fetch again: nothing direct" "$(direct)" 0

# add, with its discovery of the page's feed.
fresh
run 0 "$MAJLIS" add "http://page.invalid:$PORT/page.html"
expect_eq "add: discovered" "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://page.invalid:$PORT/feeds/posts.xml'")" 1
expect_eq "add: nothing direct" "$(direct)" 0
expect_eq "add: page and feed" "$(requests)" 2

# follow, and the list's sync on every fetch.
fresh
run 0 "$MAJLIS" follow "http://lists.invalid:$PORT/list"
expect_eq "follow: the member" "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://member.invalid:$PORT/member'")" 1
fresh
run 0 "$MAJLIS" fetch
expect_eq "fetch: the list was synced" "$(server_count /list)" 1
expect_eq "follow and sync: nothing direct" "$(direct)" 0

# No name is looked up on this machine, not even one it could: "localhost"
# resolves here (/etc/hosts), and a lookup would hand the proxy an
# address (ATYP ipv4), not the name.
subscribe "http://localhost:$PORT/one"
fresh
run 0 "$MAJLIS" fetch "http://localhost:$PORT/one"
expect_eq "localhost: by name" "$(socks_hosts)" "domain localhost"
expect_eq "localhost: nothing direct" "$(direct)" 0
# The system calls say the same (strace, which ./quickstart check installs): the one
# address majlis connects to is the proxy's, and no resolver is asked
# (no hosts file, resolv.conf or nsswitch.conf read, no DNS port, no nscd
# or systemd-resolved socket).  The control, a socks5:// proxy outside
# proxy-only mode, which has curl look the name up here, shows that the
# trace sees a lookup.
lookups() {
	grep -E '"/etc/(hosts|resolv\.conf|nsswitch\.conf)"|htons\(53\)|nscd|/run/systemd/resolve' "$1"
}
command -v strace >/dev/null || fail "strace is not installed (./quickstart check installs it)"
{
	# LeakSanitizer cannot run under ptrace: the leak check is the
	# untraced runs'.
	traced="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	revalidate
	fresh
	ASAN_OPTIONS=$traced strace -f -qq -e trace=connect,sendto,sendmsg,openat \
	    -e signal=none -o "$T/trace" "$MAJLIS_BIN" fetch "http://localhost:$PORT/one" \
	    "http://feeds.invalid:$PORT/cookie" >/dev/null 2>"$T/err" ||
	    fail "the traced fetch failed: $(cat "$T/err")"
	expect_eq "traced: the proxy is the only address" \
	    "$(grep -oE 'connect\([0-9]+, \{sa_family=AF_INET6?, [^}]*\}' "$T/trace" |
	    grep -oE 'port=htons\([0-9]+\), sin6?_addr=inet_(addr|pton)\((AF_INET6, )?"[^"]*"' |
	    sort -u)" "port=htons($SP), sin_addr=inet_addr(\"127.0.0.1\""
	expect_eq "traced: no lookup" "$(lookups "$T/trace")" ""
	printf 'proxy = socks5://127.0.0.1:%s\n' "$SP" >"$T/control.conf"
	ASAN_OPTIONS=$traced strace -f -qq -e trace=connect,sendto,sendmsg,openat \
	    -e signal=none -o "$T/trace" "$MAJLIS_BIN" -c "$T/control.conf" \
	    fetch "http://feeds.invalid:$PORT/cookie" >/dev/null 2>&1
	[ -n "$(lookups "$T/trace")" ] || fail "the control's lookup was not seen"
}
run 0 "$MAJLIS" remove "http://localhost:$PORT/one"

# An HTTP proxy hands the name on too (the whole URL, or CONNECT): allowed.
printf 'proxy-only = yes\nproxy = %s\n' "$BASE" >"$MAJLIS_CONFIG"
fresh
run 0 "$MAJLIS" fetch "http://feeds.invalid:$PORT/cookie"
expect_eq "through an HTTP proxy" "$(server_log_field /cookie proxied)" true
# Outside proxy-only mode libcurl itself will not look up a .onion name
# (RFC 7686), and the fetch fails.
printf 'proxy = none\n' >"$MAJLIS_CONFIG"
run 1 "$MAJLIS" fetch "http://blog.example.onion:$PORT/onion"
expect_grep "no .onion without the proxy" "blog.example.onion:$PORT/onion: .*onion" "$T/err"
printf 'proxy-only = yes\nproxy = %s\ncookie-cache = %s\n' "$SOCKS" "$T/cookies" >"$MAJLIS_CONFIG"

# --- exec: and filter: feeds are not run ---------------------------------------
mkdir -p "$HOME/bin"
printf '#!/bin/sh\n: >%q\necho "<rss/>"\n' "$T/ran" >"$HOME/bin/made"
chmod +x "$HOME/bin/made"
printf 'proxy-only = no\nproxy = none\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" add 'exec:~/bin/made'
run 0 "$MAJLIS" add 'filter:~/bin/made:'"$BASE/one"
rm -f "$T/ran"
printf 'proxy-only = yes\nproxy = %s\n' "$SOCKS" >"$MAJLIS_CONFIG"
run 1 "$MAJLIS" fetch
expect_grep "exec: refused, named" "exec:~/bin/made: a command feed is not run in proxy-only mode" "$T/err"
expect_grep "filter: refused, named" "filter:~/bin/made:.*: a command feed is not run in proxy-only mode" "$T/err"
[ ! -e "$T/ran" ] || fail "a command feed ran in proxy-only mode"
run 2 "$MAJLIS" add 'exec:~/bin/made --again'
expect_grep "add exec: refused" "exec:~/bin/made --again: a command feed is not run in proxy-only mode" "$T/err"
[ ! -e "$T/ran" ] || fail "add ran a command feed in proxy-only mode"
sql_write "DELETE FROM feeds WHERE url LIKE 'exec:%' OR url LIKE 'filter:%'"

# --- a feed's own proxy that would resolve here is refused -----------------------
# (A feed's own proxy may be another one, but not one that has curl look
# the name up on this machine.)
printf 'proxy-only = yes\nproxy = %s\n' "$SOCKS" >"$MAJLIS_CONFIG"
subscribe "http://own.invalid:$PORT/local-proxy"
sql_write "UPDATE feeds SET proxy = 'socks5://127.0.0.1:$SP' WHERE url LIKE '%/local-proxy'"
fresh
run 1 "$MAJLIS" fetch "http://own.invalid:$PORT/local-proxy"
expect_grep "a feed's socks5:// proxy: refused, named" \
    "own.invalid:$PORT/local-proxy: the feed's proxy would look names up on this machine" "$T/err"
expect_eq "a feed's socks5:// proxy: nothing sent" "$(requests) $(wc -l <"$T/socks.log")" "0 0"
# socks:// is curl's SOCKS4, which looks the name up here too, as does a
# scheme curl does not know: only the schemes that hand on the name pass.
for scheme in socks socks4 gopher; do
	sql_write "UPDATE feeds SET proxy = '$scheme://127.0.0.1:$SP' WHERE url LIKE '%/local-proxy'"
	fresh
	run 1 "$MAJLIS" fetch "http://own.invalid:$PORT/local-proxy"
	expect_grep "a feed's $scheme:// proxy: refused" \
	    "own.invalid:$PORT/local-proxy: the feed's proxy would look names up on this machine" "$T/err"
	expect_eq "a feed's $scheme:// proxy: nothing sent" "$(requests) $(wc -l <"$T/socks.log")" "0 0"
done
sql_write "DELETE FROM feeds WHERE url LIKE '%/local-proxy'"

# --- tor = yes: one SOCKS login per feed host ----------------------------------
printf 'tor = yes\nproxy = %s\n' "$SOCKS" >"$MAJLIS_CONFIG"
revalidate
fresh
run 0 "$MAJLIS" fetch
expect_eq "tor: nothing direct" "$(direct)" 0
jq -r '"\(.host) \(.user)"' "$T/socks.log" | sort -u >"$T/logins"
expect_no_grep "every connection logged in" " null$" "$T/logins"
expect_eq "one login per host" "$(cut -d' ' -f1 "$T/logins" | sort -u | wc -l)" "$(wc -l <"$T/logins")"
# A redirect goes on on its feed's circuit: where a feed sends every
# reader is no secret of this one's.
login() { awk -v h="$1" '$1 == h { print $2 }' "$T/logins"; }
expect_eq "a redirect on its feed's circuit" "$(login elsewhere.invalid)" "$(login feeds.invalid)"
grep -v '^elsewhere' "$T/logins" >"$T/feed-logins"
expect_eq "feed hosts have different logins" "$(cut -d' ' -f2 "$T/feed-logins" | sort -u | wc -l)" "$(wc -l <"$T/feed-logins")"
expect_eq "the password is the same" "$(jq -r .password "$T/socks.log" | sort -u)" majlis
expect_no_grep "the login does not name the host" "(onion|invalid|127).* .*(onion|invalid|127)" "$T/logins"

# A proxy with a login of its own keeps it, for every host (one circuit).
printf 'tor = yes\nproxy = socks5h://me:pw@127.0.0.1:%s\n' "$SP" >"$MAJLIS_CONFIG"
revalidate
fresh
run 0 "$MAJLIS" fetch
expect_eq "the proxy's own login" "$(jq -r '"\(.user):\(.password)"' "$T/socks.log" | sort -u)" me:pw

# --- the proxy gone: every command fails closed --------------------------------
socks_stop
revalidate
fresh
run 1 "$MAJLIS" fetch
expect_grep "fetch: the proxy is named as the cause" "$BASE/one: the proxy could not be reached" "$T/err"
run 1 "$MAJLIS" follow --force "http://lists.invalid:$PORT/list"
expect_grep "follow: the proxy" "the proxy could not be reached" "$T/err"
rc=$(run_status "$MAJLIS" add "http://other.invalid:$PORT/page.html")
[ "$rc" != 0 ] || fail "add succeeded without its proxy"
expect_grep "add: the proxy" "the proxy could not be reached" "$T/err"
expect_eq "the server saw nothing" "$(requests)" 0
exit 0
