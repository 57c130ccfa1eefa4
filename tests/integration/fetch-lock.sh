#!/usr/bin/env bash
# fetch -q is silent on success (for cron); two fetches at once: the second
# says another fetch is running and exits 0, or waits with --wait.
. tests/lib.sh
server_start
# /slow answers once $T/go exists: the first fetch below holds the lock
# until the test lets it go, however slow the machine.
server_routes '{"/slow": {"until": "'"$T/go"'"}}'
subscribe "$BASE/a" "$BASE/b" "$BASE/slow"
touch "$T/go"

rc=$(run_status "$MAJLIS" fetch -q)
expect_eq "-q exit" "$rc" 0
expect_eq "-q stdout" "$(cat "$T/out")" ""
expect_eq "-q stderr" "$(cat "$T/err")" ""

# Without a terminal there is no progress line, only the summary.
rc=$(run_status "$MAJLIS" fetch)
expect_eq "summary only" "$(cat "$T/out")" "3 feeds fetched, 0 new posts, 0 failed"
rm "$T/go"

# A slow fetch holds the lock; a second one gives way at once (the first
# holds it until $T/go: a second fetch that waited would never end).
"$MAJLIS" fetch -q >"$T/first.out" 2>&1 &
first=$!
server_wait /a 3 || fail "the first fetch never asked for /a"
start=$(date +%s%N)
rc=$(run_status timeout 30 "$MAJLIS" fetch)
ms=$((($(date +%s%N) - start) / 1000000))
expect_eq "second fetch exit" "$rc" 0
expect_grep "says why" "another fetch is running" "$T/out"
[ "$ms" -lt 10000 ] || fail "the second fetch waited ${ms} ms without --wait"
rc=$(run_status timeout 30 "$MAJLIS" fetch -q)
expect_eq "second -q exit" "$rc" 0
expect_eq "second -q quiet" "$(cat "$T/out" "$T/err")" ""
kill -0 "$first" 2>/dev/null || fail "the first fetch ended while held"

expect_eq "the fetches that gave way asked nothing" "$(server_count /a)" 3

# --wait: runs after the first one, and fetches.  The first is let go
# once the --wait fetch waits for its lock.
"$MAJLIS" fetch --wait >"$T/wait.out" 2>"$T/wait.err" &
waiting=$!
lock_wait 10 waiter || fail "fetch --wait never waited for the lock"
touch "$T/go"
wait "$waiting"
expect_eq "--wait exit" "$?" 0
expect_grep "--wait fetched" "3 feeds fetched" "$T/wait.out"
wait "$first" || fail "the first fetch failed: $(cat "$T/first.out")"
expect_eq "first fetch quiet" "$(cat "$T/first.out")" ""
expect_eq "slow feed requests" "$(server_count /slow)" 4
# In that order: the waiting fetch asked for /a (its 4th request) only
# after the first one had its answer for /slow (the 3rd, held).
jq -ern '[inputs] | [.[] | select(.path == "/a")][3].time -
    [.[] | select(.path == "/slow")][2].time |
    "--wait asked /a \(.) s after the first fetch'"'"'s /slow answer",
    . > 0' "$T/server.log" || fail "--wait did not wait for the first fetch"

# A reader's probe of the lock (shared, for an instant: db_fetch_running())
# is no fetch: a fetch that starts during one waits it out (up to 10 s),
# where it used to give way as if a fetch were running.  Here the probe
# lasts until the fetch has opened the lock file, and a moment longer, so
# that the fetch tries the lock while the probe holds it.
flock -s "$MAJLIS_DB.lock" sh -c 'until [ -e "$1" ]; do sleep 0.02; done' \
    sh "$T/probe-go" &
probe=$!
"$MAJLIS_BIN" fetch >"$T/probe.out" 2>&1 &
fetch=$!
for i in $(seq 200); do
	ls -l "/proc/$fetch/fd" 2>/dev/null | grep -qF "$MAJLIS_DB.lock" && break
	kill -0 "$fetch" 2>/dev/null || break
	sleep 0.05
done
sleep 0.2
touch "$T/probe-go"
wait "$probe"
wait "$fetch"
expect_eq "fetch during a probe: exit" "$?" 0
expect_eq "fetch during a probe: fetched" "$(cat "$T/probe.out")" \
    "3 feeds fetched, 0 new posts, 0 failed"

# Usage errors exit 2.
rc=$(run_status "$MAJLIS" fetch -j 0)
expect_eq "-j 0" "$rc" 2
rc=$(run_status "$MAJLIS" fetch --bogus)
expect_eq "unknown option" "$rc" 2
rc=$(run_status "$MAJLIS" fetch "$BASE/not-subscribed")
expect_eq "unknown feed" "$rc" 1
expect_grep "unknown feed named" "$BASE/not-subscribed: not subscribed" "$T/err"
exit 0
