#!/usr/bin/env bash
# What a server cannot make us do: wait forever (stall), read forever
# (endless body), fill memory (oversized or gzip-bombed body).  And what it
# gets wrong that we survive: a wrong charset header, truncated XML.
. tests/lib.sh
server_start
server_routes '{
  "/stall": {"stall": 30},
  "/big": {"size": 300000},
  "/bomb": {"gzip": 1, "size": 3000000},
  "/endless": {"endless": 1},
  "/small": {"items": 2},
  "/charset": {"body": "fetch-utf8-arabic.xml", "ctype": "application/xml", "charset": "iso-8859-1"},
  "/truncated": {"items": 6}
}'
# Cut the truncated feed in the middle of its fourth item.  (Asked in
# HTTP/1.0: the server closes when the body is sent.)
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /truncated HTTP/1.0\r\n\r\n' >&3
sed '1,/^\r$/d' <&3 >"$T/truncated.xml"
exec 3<&-
full=$(wc -c <"$T/truncated.xml")
cut=$(grep -bo '<item>' "$T/truncated.xml" | sed -n '4s/:.*//p')
[ -n "$cut" ] && [ $((cut += 30)) -lt "$full" ] || fail "cannot find where to cut"
server_routes '{
  "/stall": {"stall": 120},
  "/big": {"size": 300000},
  "/bomb": {"gzip": 1, "size": 3000000},
  "/endless": {"endless": 1},
  "/small": {"items": 2},
  "/charset": {"body": "fetch-utf8-arabic.xml", "ctype": "application/xml", "charset": "iso-8859-1"},
  "/truncated": {"items": 6, "truncate": '"$cut"'}
}'
cat >"$MAJLIS_CONFIG" <<'CFG'
low-speed-time = 1
max-size = 100K
CFG
subscribe "$BASE/stall" "$BASE/big" "$BASE/bomb" "$BASE/endless" "$BASE/small" \
    "$BASE/charset" "$BASE/truncated"

# low-speed-time = 1 ends the stall in a second or two; the limit is far
# above that, for a slow build on a loaded machine, and far below the
# stall's two minutes and the endless body's forever.
start=$(date +%s)
rc=$(run_status "$MAJLIS" fetch)
took=$(($(date +%s) - start))
[ "$took" -le 40 ] || fail "fetch took $took s: the stall or the endless body was waited out"
expect_eq "exit" "$rc" 1
err() { sql "SELECT error FROM feeds WHERE url = '$BASE$1'"; }
expect_grep "stall times out" "^(Operation )?timed out" <(err /stall)
expect_eq "oversized" "$(err /big)" "response larger than 102400 bytes, not read"
expect_eq "gzip bomb" "$(err /bomb)" "response larger than 102400 bytes, not read"
expect_eq "endless" "$(err /endless)" "response larger than 102400 bytes, not read"
expect_eq "the small feed is fine" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/small'")" 2

# Wrong charset header: the feed is still read, nothing is lost.
expect_eq "charset feed no error" "$(err /charset)" ""
expect_eq "charset feed posts" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/charset'")" 2

# Truncated XML: the complete items are recovered, or a clear error is
# stored; never a crash, never a silent nothing.
n=$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/truncated'")
e=$(err /truncated)
if [ "$n" -eq 0 ]; then
	expect_grep "truncated feed: no posts, so a parse error" \
	    '^(not a feed|parse error|XML)' <(echo "$e")
else
	[ "$n" -ge 3 ] || fail "truncated feed: only $n of the 3 complete items"
	expect_eq "truncated feed: complete items recovered, no error" "$e" ""
fi
expect_grep "stall: the message" "^majlis: $BASE/stall: (Operation )?timed out" "$T/err"
expect_grep "oversized: the message" "^majlis: $BASE/big: response larger than 102400 bytes, not read$" "$T/err"
exit 0
