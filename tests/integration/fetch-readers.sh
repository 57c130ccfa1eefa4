#!/usr/bin/env bash
# Readers are never locked out by a fetch: 'majlis posts' and 'majlis feeds'
# in a loop while a fetch of 200 feeds writes, and not one of them fails or
# says "database is locked".
. tests/lib.sh
server_start
subscribe $(for i in $(seq 0 199); do echo "$BASE/r/$i?items=40"; done)

"$MAJLIS" fetch -q >"$T/fetch.out" 2>&1 &
pid=$!
n=0 bad=0
while kill -0 "$pid" 2>/dev/null; do
	"$MAJLIS" posts --limit 20 >/dev/null 2>>"$T/readers.err" || bad=$((bad + 1))
	"$MAJLIS" feeds >/dev/null 2>>"$T/readers.err" || bad=$((bad + 1))
	"$MAJLIS" posts --search item --limit 5 >/dev/null 2>>"$T/readers.err" || bad=$((bad + 1))
	n=$((n + 1))
done
wait "$pid" || fail "the fetch failed: $(cat "$T/fetch.out")"
echo "$n reader rounds during the fetch"
[ "$n" -ge 2 ] || skip "the fetch was too quick to overlap with readers ($n rounds)"
expect_no_grep "no lock errors" "locked|busy" "$T/readers.err"
expect_eq "failed reader commands" "$bad" 0
expect_eq "all posts" "$(sql 'SELECT count(*) FROM posts')" 8000
exit 0
