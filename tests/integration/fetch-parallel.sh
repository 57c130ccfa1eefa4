#!/usr/bin/env bash
# How many feeds a fetch asks for at once (majlis(1): "N at a time (default
# 16, at most 2 per host)"; majlis.conf(5): max-per-host).  The test server
# notes with each request how many others of the same host it was
# answering then ("inflight"); every feed takes 300 ms to answer, so that
# the requests overlap as much as the fetch lets them.
#   - 8 feeds on 127.0.0.1 and 8 on localhost (two hosts to curl): never
#     more than 2 at once per host, but 2 on each, both hosts together;
#   - max-per-host = 50, one host, 12 feeds: up to 16 at once, more than 3;
#     with -j 3, 3 at once and never more.
. tests/lib.sh
server_start
delay='{"delay": 300}'
routes="{"
for i in $(seq 0 11); do routes="$routes\"/p/$i\": $delay,"; done
server_routes "${routes%,}}"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# peaks: "HOST PEAK" for each Host header in the log, the most requests of
# that host answered at once; then "all PEAK", of all hosts together.
peaks() {
	jq -rn '[inputs | select(.inflight != null)] |
	    (group_by(.host)[] | "\(.[0].host | split(":")[0]) \(map(.inflight) | max)"),
	    # The server logs a request when it answers, "delay" after it came.
	    ([.[] | [.time - 0.3, 1], [.time, -1]] | sort |
	    reduce .[] as $e ({n: 0, peak: 0}; .n += $e[1] | .peak = ([.peak, .n] | max)) |
	    "all \(.peak)")' "$T/server.log"
}

# Two hosts, the default limit.
subscribe $(for i in $(seq 0 7); do echo "$BASE/p/$i" "http://localhost:$PORT/p/$i"; done)
run 0 "$MAJLIS" fetch -q
peaks >"$T/peaks"
cat "$T/peaks"
expect_eq "feeds fetched" "$(sql 'SELECT count(*) FROM feeds WHERE status = 200')" 16
expect_eq "127.0.0.1: at most 2 at once" "$(sed -n 's/^127.0.0.1 //p' "$T/peaks")" 2
expect_eq "localhost: at most 2 at once" "$(sed -n 's/^localhost //p' "$T/peaks")" 2
all=$(sed -n 's/^all //p' "$T/peaks")
[ "$all" -ge 3 ] || fail "the two hosts were never fetched side by side (peak $all)"

# One host, its limit raised: the fetch's own N, default then -j.
rm -f "$MAJLIS_DB"
echo "max-per-host = 50" >"$MAJLIS_CONFIG"
subscribe $(for i in $(seq 0 11); do echo "$BASE/p/$i"; done)
: >"$T/server.log"
run 0 "$MAJLIS" fetch -q
peak=$(peaks | sed -n 's/^127.0.0.1 //p')
echo "max-per-host = 50, no -j: $peak at once"
[ "$peak" -gt 3 ] && [ "$peak" -le 16 ] || fail "without -j: $peak at once, want 4 to 16"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
: >"$T/server.log"
run 0 "$MAJLIS" fetch -q -j 3
peaks | sed -n 's/^127.0.0.1 //p' >"$T/peak"
expect_eq "-j 3: 3 at once, never more" "$(cat "$T/peak")" 3
expect_eq "-j 3: every feed asked" "$(grep -c '"path": "/p/' "$T/server.log")" 12
exit 0
