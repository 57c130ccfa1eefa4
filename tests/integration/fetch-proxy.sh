#!/usr/bin/env bash
# Proxies: the global 'proxy' setting, and a per-feed proxy that overrides
# it for every request of that feed, redirects included.  The test server
# doubles as the HTTP proxy (it logs requests made in absolute form).
. tests/lib.sh
server_start
server_routes '{"/moved": {"redirect": 301, "to": "/here"}}'
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# Global proxy: a host that does not resolve is reached through it.
echo "proxy = $BASE" >"$MAJLIS_CONFIG"
subscribe "http://feeds.example.invalid/one"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "through the global proxy" "$rc" 0
expect_eq "proxied" "$(server_log_field /one proxied)" True
expect_eq "Host header" "$(server_log_field /one host)" feeds.example.invalid
expect_eq "posts" "$(sql 'SELECT count(*) FROM posts')" 3

# A per-feed proxy wins over a broken global one, for each hop.
echo "proxy = http://127.0.0.1:$dead" >"$MAJLIS_CONFIG"
subscribe "http://feeds.example.invalid/moved"
sql_write "UPDATE feeds SET proxy = '$BASE' WHERE url = 'http://feeds.example.invalid/moved'"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "the feed without its own proxy fails" "$rc" 1
expect_grep "its error" "feeds.example.invalid/one: " "$T/err"
expect_eq "first hop proxied" "$(server_log_field /moved proxied)" True
expect_eq "second hop proxied" "$(server_log_field /here proxied)" True
expect_eq "moved" "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://feeds.example.invalid/here'")" 1
exit 0
