#!/usr/bin/env bash
# A server that means to run us out of memory with 200,000 entries (41 MB
# of XML, streamed): they are all stored, and the peak RSS, measured by
# Debian's time (/usr/bin/time -v), stays far below the size of the
# document times a few.
. tests/lib.sh
[ -x /usr/bin/time ] || skip "/usr/bin/time (Debian's time package) is needed to measure the peak RSS"
server_start
server_routes '{"/many": {"stream": 200000, "title": "Many"}}'
posts_of() {
	sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id
	    WHERE f.url = '$BASE$1'"
}
subscribe "$BASE/many"
printf 'max-size = 200M\ntimeout = 0\n' >"$MAJLIS_CONFIG"
: >"$T/server.log"
asan=0
grep -q __asan_init "$MAJLIS_BIN" 2>/dev/null && asan=1
start=$(date +%s%N)
/usr/bin/time -v -o "$T/time" "$MAJLIS_BIN" fetch "$BASE/many" >"$T/out" 2>"$T/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" -eq 0 ] || { cat "$T/err"; fail "200,000 entries: exit $rc"; }
expect_grep "200,000 entries: summary" '200000 new posts' "$T/out"
expect_eq "200,000 entries stored" "$(posts_of /many)" 200000
expect_eq "200,000 entries: the last one" \
    "$(sql "SELECT count(*) FROM posts WHERE key = '/many-199999' AND title = 'Many item 199999 v1'")" 1
expect_grep "200,000 entries: sent whole" '^complete ' <(server_events /many)
kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
body=$(server_events /many | sed 's/^complete //')
echo "200,000 entries ($((body / 1048576)) MB of XML): ${ms} ms, peak RSS $((kb / 1024)) MB (asan=$asan)"
# ASan's shadow memory and quarantine multiply the footprint.
if [ "$asan" = 1 ]; then limit=1024; else limit=200; fi
[ -n "$kb" ] || fail "no peak RSS in /usr/bin/time's report"
[ "$kb" -lt $((limit * 1024)) ] ||
    fail "200,000 entries: peak RSS $((kb / 1024)) MB, over $limit MB"
expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
exit 0
