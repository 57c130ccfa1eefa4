#!/usr/bin/env bash
# Proxies: the global 'proxy' setting, and a per-feed proxy that overrides
# it for every request of that feed, redirects included; the environment's
# http_proxy and all_proxy when neither is set, and never over them
# (majlis(1), ENVIRONMENT).  The test server doubles as the HTTP proxy (it
# logs requests made in absolute form); a dead port is a proxy that must
# not be used, since nothing goes through it.
. tests/lib.sh
server_start
server_routes '{"/moved": {"redirect": 301, "to": "/here"}}'
dead=$(dead_port)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# Global proxy: a host that does not resolve is reached through it.
echo "proxy = $BASE" >"$MAJLIS_CONFIG"
subscribe "http://feeds.example.invalid/one"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "through the global proxy" "$rc" 0
expect_eq "proxied" "$(server_log_field /one proxied)" true
expect_eq "Host header" "$(server_log_field /one host)" feeds.example.invalid
expect_eq "posts" "$(sql 'SELECT count(*) FROM posts')" 3

# A per-feed proxy wins over a broken global one, for each hop.
echo "proxy = http://127.0.0.1:$dead" >"$MAJLIS_CONFIG"
subscribe "http://feeds.example.invalid/moved"
run 0 "$MAJLIS" feed "http://feeds.example.invalid/moved" proxy="$BASE"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "the feed without its own proxy fails" "$rc" 1
expect_grep "its error" "feeds.example.invalid/one: " "$T/err"
expect_eq "first hop proxied" "$(server_log_field /moved proxied)" true
expect_eq "second hop proxied" "$(server_log_field /here proxied)" true
expect_eq "moved" "$(sql "SELECT count(*) FROM feeds WHERE url = 'http://feeds.example.invalid/here'")" 1

# The environment, with nothing in the config: http_proxy, then all_proxy.
# (The feed's host does not resolve: only a proxy reaches it.)
rm -f "$MAJLIS_DB" "$MAJLIS_CONFIG"
subscribe "http://env.example.invalid/env"
: >"$T/server.log"
run 0 env http_proxy="$BASE" "$MAJLIS" fetch -q
expect_eq "http_proxy used" "$(server_log_field /env proxied)" true
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
: >"$T/server.log"
run 0 env all_proxy="$BASE" "$MAJLIS" fetch -q
expect_eq "all_proxy used" "$(server_log_field /env proxied)" true
# The config's proxy wins over both.
echo "proxy = $BASE" >"$MAJLIS_CONFIG"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
: >"$T/server.log"
run 0 env http_proxy="http://127.0.0.1:$dead" all_proxy="http://127.0.0.1:$dead" "$MAJLIS" fetch -q
expect_eq "the config's proxy over the environment's" "$(server_log_field /env proxied)" true
# A per-feed proxy wins over the environment's, with no config proxy.
rm -f "$MAJLIS_CONFIG"
sql_write "UPDATE feeds SET proxy = '$BASE', etag = NULL, last_modified = NULL"
: >"$T/server.log"
run 0 env http_proxy="http://127.0.0.1:$dead" all_proxy="http://127.0.0.1:$dead" "$MAJLIS" fetch -q
expect_eq "the feed's proxy over the environment's" "$(server_log_field /env proxied)" true
# And the environment's is really used when set: a dead one fails the feed.
sql_write "UPDATE feeds SET proxy = NULL"
run 1 env http_proxy="http://127.0.0.1:$dead" "$MAJLIS" fetch -q
expect_grep "a dead http_proxy is used, and fails" "^majlis: http://env.example.invalid/env: " "$T/err"
exit 0
