#!/usr/bin/env bash
# A sync killed (SIGKILL) while the server holds a response loses nothing
# and repeats nothing: killed in the middle of a first pull of 1,000 items,
# the pages committed before are kept with the cursor, and the next sync
# goes on from the continuation, not from the start; killed while the
# server holds an edit-tag (which it then applies: the client never saw
# the answer), the changes stay pending and are sent again, once.
. tests/lib.sh
. tests/integration/sync.lib
server_start
greader_start
gr_seed 1000 4
READING=/api/greader.php/reader/api/0/stream/contents/user/-/state/com.google/reading-list
EDIT=/api/greader.php/reader/api/0/edit-tag

# wait_held N: until the server holds its Nth answer (at most 60 s).
wait_held() {
	local i
	for i in $(seq 600); do
		[ "$(grep -c '"event": "held"' "$T/gr.log")" -ge "$1" ] && return 0
		kill -0 "$pid" 2>/dev/null || fail "the sync ended before the server held it"
		sleep 0.1
	done
	fail "the server never held an answer"
}
# killed_sync N: a sync, killed with SIGKILL once the server holds its Nth
# answer; then the server lets the answer go.
killed_sync() {
	"$MAJLIS_BIN" sync >"$T/killed.out" 2>&1 &
	pid=$!
	wait_held "$1"
	kill -9 "$pid"
	wait "$pid"
	expect_eq "killed by SIGKILL" "$?" 137
	touch "$T/go"
	expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
}

# 1. The pull: pages of 50, the 7th held; 6 pages were committed.
gr_edit --arg p "$READING" --arg u "$T/go" '.hold = {path: $p, from: 7, until: $u}'
killed_sync 1
expect_eq "the pages before the kill" "$(sql 'SELECT count(*) FROM posts')" 300
cont=$(sql "SELECT value FROM sync_state WHERE key = 'cont'")
expect_eq "the cursor of the last page" "$cont" "$(sql 'SELECT max(sync_id) FROM posts')"
gr_edit 'del(.hold)'
: >"$T/gr.log"
rm -f "$T/go"
run 0 "$MAJLIS" sync
expect_eq "all posts" "$(sql 'SELECT count(*) FROM posts')" 1000
expect_eq "none twice" "$(sql 'SELECT count(DISTINCT sync_id) FROM posts')" 1000
expect_eq "resumed at the continuation" "$(jq -rn --arg p "$READING" '[inputs | select(.path == $p)][0].query.c' "$T/gr.log")" "$cont"
# Pages 7 to 20 and the empty one after the last.
expect_eq "the rest only" "$(jq -n --arg p "$READING" '[inputs | select(.path == $p)] | length' "$T/gr.log")" 15
expect_eq "cursor done" "$(sql "SELECT count(*) FROM sync_state WHERE key LIKE 'cont%'")" 0

# 2. The push: three posts marked read here, the edit-tag held.
ids=$(sql 'SELECT id FROM posts ORDER BY id LIMIT 3')
run 0 "$MAJLIS" mark read $ids
expect_eq "pending" "$(sql 'SELECT count(*) FROM sync_pending')" 3
gr_edit --arg p "$EDIT" --arg u "$T/go" '.hold = {path: $p, from: 1, until: $u}'
: >"$T/gr.log"
killed_sync 1
expect_eq "not acknowledged: still pending" "$(sql 'SELECT count(*) FROM sync_pending')" 3
# The server applies what it held once it lets go: wait for its answer.
for i in $(seq 600); do
	[ "$(jq -n --arg p "$EDIT" '[inputs | select(.path == $p and .status == 200)] | length' "$T/gr.log")" = 1 ] && break
	sleep 0.1
done
expect_eq "applied by the server" "$(gr_jq '[.items[] | select(.read)] | length')" 3
gr_edit 'del(.hold)'
: >"$T/gr.log"
run 0 "$MAJLIS" sync
expect_eq "sent again, once" "$(jq -n --arg p "$EDIT" '[inputs | select(.path == $p)] | length' "$T/gr.log")" 1
expect_eq "acknowledged" "$(sql 'SELECT count(*) FROM sync_pending')" 0
expect_eq "read on the server" "$(gr_jq '[.items[] | select(.read)] | length')" 3
expect_eq "read here" "$(sql 'SELECT count(*) FROM posts WHERE read')" 3
expect_eq "posts unchanged" "$(sql 'SELECT count(*) FROM posts')" 1000
exit 0
