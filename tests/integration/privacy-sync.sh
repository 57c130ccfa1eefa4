#!/usr/bin/env bash
# proxy-only = yes holds for majlis sync as for the feeds (majlis.conf(5),
# PRIVACY): the sync server is reached only through the SOCKS proxy, by
# name.  Its host here is a .invalid name that does not resolve on this
# machine, so a sync that got its answers went through the proxy, and the
# proxy's log shows the name it was handed (ATYP domain).  A fetch, which
# syncs first, sends neither the sync nor a feed around the proxy, whatever
# no_proxy says; the request carries the generic User-Agent; with the proxy
# stopped both fail closed and the server sees nothing.
# (sync-greader.sh has the proxy down and no proxy at all.)
. tests/lib.sh
. tests/integration/sync.lib
server_start
greader_start
gr_seed 20 2
socks_start
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# direct: the feed server's requests the proxy did not open.
direct() {
	jq -rn --slurpfile s "$T/socks.log" '[$s[].local_port] as $p |
	    [inputs | select(.path | startswith("event:") | not) |
	    select(.peer_port as $q | $p | index($q) | not)] | length' \
	    "$T/server.log"
}
grport=$(cat "$T/gr.port")
sed -i "s|^sync-url = .*|sync-url = http://sync.invalid:$grport/api/greader.php|" \
    "$T/config"
printf 'proxy-only = yes\nproxy = socks5h://127.0.0.1:%s\n' "$SOCKS_PORT" \
    >>"$T/config"

# The sync alone: every request by name through the proxy.
run 0 env no_proxy='*' NO_PROXY='*' "$MAJLIS" sync
expect_grep "synced through the proxy" '^sync: 20 new posts$' "$T/out"
expect_eq "the server was asked" "$(jq -sr 'length > 0' "$T/gr.log")" true
expect_eq "the proxy was handed the name" \
    "$(jq -r '"\(.atyp) \(.host)"' "$T/socks.log" | sort -u)" "domain sync.invalid"
expect_eq "a generic User-Agent" "$(jq -rn '[inputs | .agent] | unique | join(" ")' "$T/gr.log")" \
    "Mozilla/5.0 (Windows NT 10.0; rv:140.0) Gecko/20100101 Firefox/140.0"

# A fetch syncs first, then fetches the feeds: nothing direct.
: >"$T/socks.log"
: >"$T/server.log"
: >"$T/gr.log"
run 0 env no_proxy='*' NO_PROXY='*' "$MAJLIS" fetch
expect_grep "the fetch synced through the proxy" '^domain sync.invalid$' \
    <(jq -r '"\(.atyp) \(.host)"' "$T/socks.log")
expect_eq "the fetch's sync reached the server" "$(jq -sr 'length > 0' "$T/gr.log")" true
expect_eq "the feeds were fetched" "$(jq -sr '[.[] | select(.path | startswith("/f/"))] | length' "$T/server.log")" 2
expect_eq "fetch: nothing direct" "$(direct)" 0

# The proxy gone: the sync and the fetch fail, the server sees nothing.
socks_stop
: >"$T/gr.log"
: >"$T/server.log"
sp=$SOCKS_PORT
run 1 "$MAJLIS" sync
expect_grep "sync: the proxy is said to be down" "sync: .*: the proxy could not be reached" "$T/err"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
run 1 "$MAJLIS" fetch
expect_eq "proxy gone: the sync server saw nothing" "$(wc -l <"$T/gr.log")" 0
expect_eq "proxy gone: the feed server saw nothing" "$(wc -l <"$T/server.log")" 0
exit 0
