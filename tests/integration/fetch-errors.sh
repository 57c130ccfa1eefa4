#!/usr/bin/env bash
# Failures are per feed and never stop the run: each is stored on the feed
# row with a one-line message, shown by 'majlis feeds', and printed as
# "majlis: URL: WHY".  410 Gone disables the feed.
. tests/lib.sh
server_start
cat >"$T/page.html" <<'HTML'
<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>
HTML
server_routes '{
  "/e404": {"status": 404},
  "/e410": {"status": 410},
  "/e500": {"status": 500},
  "/page": {"ctype": "text/html", "body": "'"$T"'/page.html"}
}'
# A port nobody listens on.
dead=$(dead_port)
echo 'connect-timeout = 5' >"$MAJLIS_CONFIG"
subscribe "$BASE/ok" "$BASE/e404" "$BASE/e410" "$BASE/e500" "$BASE/page" \
    "http://127.0.0.1:$dead/feed" "http://nosuch.invalid/feed"

rc=$(run_status "$MAJLIS" fetch)
expect_eq "exit with failures" "$rc" 1
expect_eq "the good feed stored" "$(sql 'SELECT count(*) FROM posts')" 3
err() { sql "SELECT error FROM feeds WHERE url = '$1'"; }
expect_eq "404 stored" "$(err "$BASE/e404")" "HTTP 404 Not Found"
expect_eq "500 stored" "$(err "$BASE/e500")" "HTTP 500 Internal Server Error"
expect_eq "410 stored" "$(err "$BASE/e410")" "HTTP 410 Gone"
expect_eq "410 disables" "$(sql "SELECT disabled FROM feeds WHERE url = '$BASE/e410'")" 1
expect_grep "not a feed" '^not a feed: (.*: )?root element is <html>$' <(err "$BASE/page")
expect_eq "refused" "$(err "http://127.0.0.1:$dead/feed")" "connection refused"
expect_grep "DNS failure" "^Could not resolve host: nosuch.invalid$" <(err "http://nosuch.invalid/feed")
expect_eq "status stored" "$(sql "SELECT status FROM feeds WHERE url = '$BASE/e404'")" 404
for m in "$BASE/e404: HTTP 404 Not Found" "$BASE/e410: HTTP 410 Gone" \
    "$BASE/e410: disabled: the server says the feed is gone" \
    "$BASE/e500: HTTP 500 Internal Server Error" \
    "$BASE/page: not a feed: .*root element is <html>" \
    "http://127.0.0.1:$dead/feed: connection refused" \
    "http://nosuch.invalid/feed: Could not resolve host: nosuch.invalid"; do
	expect_grep "message for ${m%%: *}" "^majlis: $m$" "$T/err"
done
expect_grep "summary" '7 feeds fetched, 3 new posts, 6 failed' "$T/out"
run 0 "$MAJLIS" feeds
mv "$T/out" "$T/feeds"
expect_grep "feeds shows the error" 'HTTP 404 Not Found' "$T/feeds"
expect_grep "feeds shows the refusal" 'connection refused' "$T/feeds"

# The gone feed is not asked again; the others are, and still fail.
: >"$T/server.log"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "second exit" "$rc" 1
expect_eq "410 feed not fetched" "$(server_count /e410)" 0
expect_eq "404 feed fetched" "$(server_count /e404)" 1
expect_eq "failures count up" "$(sql "SELECT failures FROM feeds WHERE url = '$BASE/e404'")" 2

# -q: one line per failed feed on stderr, nothing on stdout.
rc=$(run_status "$MAJLIS" fetch -q)
expect_eq "-q exit" "$rc" 1
expect_eq "-q stdout" "$(cat "$T/out")" ""
expect_eq "-q lines" "$(wc -l <"$T/err")" 5
expect_grep "-q: the 404" "^majlis: $BASE/e404: HTTP 404 Not Found$" "$T/err"
expect_no_grep "-q: the gone feed not fetched" "e410" "$T/err"
exit 0
