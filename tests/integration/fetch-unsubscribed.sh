#!/usr/bin/env bash
# A feed removed while a fetch is under way is not stored, and costs the
# others nothing: neither a small one (parsed whole, then written straight
# into the open batch) nor a large one (parsed into the database entry by
# entry).  Without the check each would fail its posts' foreign key.
. tests/lib.sh
server_start
# Both answer once the feeds are removed (the file $T/go exists); the large
# one is a 10,000-item feed of some 2 MB.
server_routes '{"/small": {"until": "'"$T/go"'"},
    "/large": {"until": "'"$T/go"'", "stream": 10000}}'
subscribe "$BASE/a" "$BASE/small" "$BASE/large"

"$MAJLIS" fetch >"$T/fetch.out" 2>"$T/fetch.err" &
pid=$!
server_wait /a 1 || fail "feed a was never fetched"
expect_eq "feed a fetched first" "$(server_count /a)" 1
rc=$(run_status "$MAJLIS" remove "$BASE/small")
expect_eq "remove small" "$rc" 0
rc=$(run_status "$MAJLIS" remove "$BASE/large")
expect_eq "remove large" "$rc" 0
kill -0 "$pid" 2>/dev/null || fail "the fetch ended before the feeds were removed"
touch "$T/go"
wait "$pid"
expect_eq "fetch exit" "$?" 0
expect_eq "fetch stderr" "$(cat "$T/fetch.err")" ""
expect_eq "fetch summary" "$(cat "$T/fetch.out")" \
    "3 feeds fetched, 3 new posts, 0 failed"
set -- $(server_events /large)
expect_eq "the large feed was sent whole" "${1:-}" complete
[ "${2:-0}" -gt 1048576 ] || fail "the large feed was only ${2:-0} bytes"
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" 3
expect_eq "feeds left" "$(sql 'SELECT url FROM feeds')" "$BASE/a"
expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
