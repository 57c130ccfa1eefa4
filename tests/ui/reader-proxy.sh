#!/usr/bin/env bash
# tests/ui/reader-proxy.sh: with tor = yes the reader's r and R fetch only
# through the proxy (tests/socks5.py logs every connection it relays; the
# test server logs each request's peer port, so a request the proxy did not
# open is a direct one), each feed host with its own SOCKS login; with the
# proxy gone, r fails closed and the feed's error says why; proxy-only with
# no proxy fetches nothing, and the status line says why
# (integration/privacy-proxy.sh has the rest).
. tests/lib.sh
. tests/ui/tmux.lib
server_routes "$(cat tests/data/ui-routes.json)"
server_start
BASE=$BASE tests/ui/make-fixture || fail "could not build the fixture database"
socks_start
: >"$T/server.log"

direct() {
	jq -rn --slurpfile s "$T/socks.log" '[$s[].local_port] as $p |
	    [inputs | select(.peer_port as $q | $p | index($q) | not)] |
	    length' "$T/server.log"
}

printf 'tor = yes\nproxy = socks5h://127.0.0.1:%s\n' "$SOCKS_PORT" >"$MAJLIS_CONFIG"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
ui_start
ui_wait "Feeds (3)"
# r: the feed under the cursor (the news, second row), through the proxy.
ui_keys g j
ui_keys r
ui_until 'ui_screen | grep -q "^fetched 1 feed"' 10 ||
    { ui_screen; fail "r did not fetch"; }
expect_eq "r: one request" "$(server_count /news.xml)" 1
expect_eq "r: through the proxy" "$(direct)" 0
expect_eq "r: with a login" "$(jq -r '.user != null' "$T/socks.log")" true
# R: every feed; still nothing direct.
ui_keys R
ui_until 'ui_screen | grep -q "^fetched 3 feeds"' 10 ||
    { ui_screen; fail "R did not fetch"; }
expect_eq "R: every feed" "$(server_count /arabic.xml)" 1
expect_eq "R: through the proxy" "$(direct)" 0

# The proxy gone: r fails, the feed's error names the proxy, nothing direct.
socks_stop
: >"$T/server.log"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
ui_keys r
ui_wait "the proxy could not be reached" ||
    fail "the failure is not said on the status line"
expect_eq "proxy down: the server saw nothing" "$(jq -s length "$T/server.log")" 0

# proxy-only without a proxy: the fetch refuses, and the reader says why,
# in the fetch's own words (its stderr's last line).
printf 'proxy-only = yes\n' >"$MAJLIS_CONFIG"
ui_keys g	# (off the failed feed, whose error holds the status line)
ui_keys R
ui_wait "fetch failed (exit 2): proxy-only = yes, but no proxy is set" ||
    fail "the refusal is not said with its reason"
expect_eq "no proxy: the server saw nothing" "$(jq -s length "$T/server.log")" 0
exit 0
