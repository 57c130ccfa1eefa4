#!/usr/bin/env bash
# fetch -q is silent on success (for cron); two fetches at once: the second
# says another fetch is running and exits 0, or waits with --wait.
. tests/lib.sh
server_start
server_routes '{"/slow": {"delay": 4000}}'
subscribe "$BASE/a" "$BASE/b" "$BASE/slow"

rc=$(run_status "$MAJLIS" fetch -q)
expect_eq "-q exit" "$rc" 0
expect_eq "-q stdout" "$(cat "$T/out")" ""
expect_eq "-q stderr" "$(cat "$T/err")" ""

# Without a terminal there is no progress line, only the summary.
rc=$(run_status "$MAJLIS" fetch)
expect_eq "summary only" "$(cat "$T/out")" "3 feeds fetched, 0 new posts, 0 failed"

# A slow fetch holds the lock; a second one gives way at once.
"$MAJLIS" fetch -q >"$T/first.out" 2>&1 &
first=$!
for i in $(seq 200); do
	[ "$(server_count /a)" -ge 3 ] && break
	sleep 0.05
done
start=$(date +%s%N)
rc=$(run_status "$MAJLIS" fetch)
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "second fetch exit" "$rc" 0
expect_grep "says why" "another fetch is running" "$T/out"
[ "$ms" -lt 3000 ] || fail "the second fetch waited ${ms} ms without --wait"
rc=$(run_status "$MAJLIS" fetch -q)
expect_eq "second -q exit" "$rc" 0
expect_eq "second -q quiet" "$(cat "$T/out" "$T/err")" ""

# --wait: runs after the first one, and fetches.
rc=$(run_status "$MAJLIS" fetch --wait)
expect_eq "--wait exit" "$rc" 0
expect_grep "--wait fetched" "3 feeds fetched" "$T/out"
wait "$first" || fail "the first fetch failed: $(cat "$T/first.out")"
expect_eq "first fetch quiet" "$(cat "$T/first.out")" ""
expect_eq "slow feed requests" "$(server_count /slow)" 4

# Usage errors exit 2.
rc=$(run_status "$MAJLIS" fetch -j 0)
expect_eq "-j 0" "$rc" 2
rc=$(run_status "$MAJLIS" fetch --bogus)
expect_eq "unknown option" "$rc" 2
rc=$(run_status "$MAJLIS" fetch "$BASE/not-subscribed")
expect_eq "unknown feed" "$rc" 1
expect_grep "unknown feed named" "$BASE/not-subscribed: not subscribed" "$T/err"
exit 0
