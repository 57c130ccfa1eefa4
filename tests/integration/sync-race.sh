#!/usr/bin/env bash
# A feed subscribed on the server while a sync runs (from a phone: FreshRSS
# crawls it at once) has its items in the pages the sync reads after it
# listed the feeds.  The sync lists them again and asks for the page once
# more, so those items are stored by that very sync, counted once; the
# cursor never moves past them.  For the Google Reader API and Miniflux.
. tests/lib.sh
. tests/integration/sync.lib
server_start

# held_sync PATH ADD: a sync whose next request to PATH the server holds
# while jq ADD changes its state; then the answer goes.
held_sync() {
	local path=$1 add=$2 i pid
	# (The server counts a path's requests from when the hold is set.)
	gr_edit --arg p "$path" --arg u "$T/go" '.hold = {path: $p, from: 1, until: $u}'
	rm -f "$T/go"
	"$MAJLIS_BIN" sync >"$T/out" 2>"$T/err" &
	pid=$!
	for i in $(seq 600); do
		grep -q '"event": "held"' "$T/gr.log" && break
		kill -0 "$pid" 2>/dev/null || fail "the sync ended before the server held it: $(cat "$T/err")"
		sleep 0.1
	done
	gr_edit "$add"
	touch "$T/go"
	wait "$pid"
	expect_eq "$path: the held sync's exit" "$?" 0
	gr_edit 'del(.hold)'
}

# 1. The Google Reader API (FreshRSS).
greader_start
gr_seed 4 2
run 0 "$MAJLIS" sync
expect_eq "greader: the first sync" "$(sql 'SELECT count(*) FROM posts')" 4
now=$(date +%s)
held_sync /api/greader.php/reader/api/0/stream/contents/user/-/state/com.google/reading-list \
    "del(.hold) | .feeds += [{id: 3, url: \"$BASE/f/3\", title: \"Feed 3\", category: \"Blogs\"}]
    | .items += [{id: $(((now + 5) * 1000000)), feed: 3, title: \"new on f3\",
      link: \"http://example.org/f/3/new\", content: \"x\", published: 1700000000,
      read: false, starred: false, labels: []}]"
expect_eq "greader: the new feed's item, by that sync" \
    "$(sql "SELECT p.title FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/f/3'")" "new on f3"
expect_grep "greader: counted once" '^sync: 1 new post' "$T/out"
greader_stop

# 2. Miniflux, into a cache of its own.
export MAJLIS_DB="$T/mf.db"
rm -f "$T/gr.json"
miniflux_start
mf_seed 4 2
run 0 "$MAJLIS" sync
expect_eq "miniflux: the first sync" "$(sql 'SELECT count(*) FROM posts')" 4
held_sync /v1/entries \
    "del(.hold) | .feeds += [{id: 3, feed_url: \"$BASE/f/3\", title: \"Feed 3\",
      category: {id: 1, title: \"Blogs\"}}]
    | .entries += [{id: 5, feed_id: 3, status: \"unread\", title: \"new on f3\",
      url: \"http://example.org/f/3/new\", content: \"x\", author: \"\",
      published_at: \"2023-11-14T22:13:20Z\", changed_at: $(date +%s), starred: false}]"
expect_eq "miniflux: the new feed's entry, by that sync" \
    "$(sql "SELECT p.title FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url = '$BASE/f/3'")" "new on f3"
expect_grep "miniflux: counted once" '^sync: 1 new post' "$T/out"
exit 0
