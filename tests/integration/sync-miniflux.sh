#!/usr/bin/env bash
# majlis sync with Miniflux's API (tests/miniflux.py): a first sync a page
# of 50 at a time, an incremental one from the last entry stored, the state
# the server changed since the last sync (changed_after), read and starred
# sent back (a star sent again after a crash is not toggled off; a label,
# which Miniflux has not, is not sent and not kept pending), the conflict
# rule, a key the server refuses, and the key in no output or cache byte.
. tests/lib.sh
. tests/integration/sync.lib
server_start
miniflux_start
mf_seed 120 2
: >"$T/all.out"
sync() {
	run "${1:-0}" "$MAJLIS" sync
	cat "$T/out" "$T/err" >>"$T/all.out"
}
post_of() { sql "SELECT id FROM posts WHERE sync_id = '$1'"; }
entries_asked() {	# the after_entry_id of each GET /v1/entries, in order
	jq -rn '[inputs | select(.path == "/v1/entries" and .method == "GET")
	    | .query.after_entry_id] | join(" ")' "$T/gr.log"
}
mf_set() {	# mf_set ID JQ-ASSIGNMENT: change an entry now
	gr_edit --argjson id "$1" --argjson now "$(($(date +%s) + 1))" \
	    "(.entries[] | select(.id == \$id)) |= ($2 | .changed_at = \$now)"
}
mf_get() { gr_jq ".entries[] | select(.id == $1) | $2"; }

# 1. The first sync: 120 entries, 50 a page.
gr_edit '(.entries[] | select(.id == 3)) .status = "read" |
  (.entries[] | select(.id == 4)) .starred = true'
sync
expect_grep "summary" '^sync: 120 new posts$' "$T/out"
expect_eq "posts" "$(sql 'SELECT count(*), count(DISTINCT sync_id) FROM posts')" "120|120"
expect_eq "pages" "$(entries_asked)" "0 50 100"
expect_eq "feed of entry 3" "$(sql "SELECT f.url FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE p.sync_id = '3'")" "$BASE/f/1"
expect_eq "categories as tags" "$("$MAJLIS" feeds --json | jq -r '[.[] | .tags | join(",")] | join(" ")')" "Blogs News"
expect_eq "read with it" "$(sql "SELECT sync_id FROM posts WHERE read")" 3
expect_eq "starred with it" "$("$MAJLIS" posts --tag starred --json | jq -r '.[].id')" "$(post_of 4)"

# 2. Incremental: the entries after the last one stored; the state changed
# since the last sync.
gr_edit --argjson now "$(date +%s)" '.entries += [range(121; 124) | {id: .,
  feed_id: 1, status: "unread", title: "new \(.)",
  url: "http://example.org/new/\(.)", content: "x", author: "",
  published_at: "2024-01-01T00:00:00Z", changed_at: $now, starred: false}]'
mf_set 5 '.status = "read"'
mf_set 6 '.starred = true'
mf_set 3 '.status = "unread"'
: >"$T/gr.log"
sync
expect_grep "incremental summary" '^sync: 3 new posts$' "$T/out"
expect_eq "from the last entry" "$(entries_asked | cut -d' ' -f1)" 120
expect_eq "read by the server" "$(sql "SELECT group_concat(sync_id) FROM posts WHERE read")" 5
expect_eq "starred by the server" "$("$MAJLIS" posts --tag starred --json | jq -r '[.[].id] | sort | join(" ")')" "$(echo "$(post_of 4) $(post_of 6)" | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
expect_eq "nothing pending" "$(sql 'SELECT count(*) FROM sync_pending')" 0

# A change by a server whose clock is two hours behind this one.
gr_edit --argjson t "$(($(date +%s) - 7000))" \
    '(.entries[] | select(.id == 13)) |= (.status = "read" | .changed_at = $t)'
sync
expect_eq "a change of the server's time" "$(sql "SELECT read FROM posts WHERE sync_id = '13'")" 1

# 3. From majlis: read, unread, starred, unstarred, a label.
run 0 "$MAJLIS" mark read "$(post_of 7)"
run 0 "$MAJLIS" mark unread "$(post_of 5)"
run 0 "$MAJLIS" tag "$(post_of 8)" starred
run 0 "$MAJLIS" untag "$(post_of 6)" starred
run 0 "$MAJLIS" tag "$(post_of 9)" local-only
# A star already there (sent before a crash, say): not toggled off.
run 0 "$MAJLIS" tag "$(post_of 10)" starred
gr_edit '(.entries[] | select(.id == 10)) .starred = true'
sync
expect_grep "pushed" '^sync: 6 changes sent$' "$T/out"
expect_eq "read there" "$(mf_get 7 .status)" read
expect_eq "unread there" "$(mf_get 5 .status)" unread
expect_eq "starred there" "$(mf_get 8 .starred)" true
expect_eq "unstarred there" "$(mf_get 6 .starred)" false
expect_eq "still starred there" "$(mf_get 10 .starred)" true
expect_eq "none pending" "$(sql 'SELECT count(*) FROM sync_pending')" 0
expect_eq "the label stays here" "$("$MAJLIS" posts --tag local-only --json | jq -r '.[].id')" "$(post_of 9)"
expect_eq "read here" "$(sql "SELECT read FROM posts WHERE sync_id = '7'")" 1

# 4. The conflict rule: entry 11 read on the server, unread here by hand.
mf_set 11 '.status = "read"'
run 0 "$MAJLIS" mark read "$(post_of 11)"
run 0 "$MAJLIS" mark unread "$(post_of 11)"
sync
expect_eq "local change won here" "$(sql "SELECT read FROM posts WHERE sync_id = '11'")" 0
expect_eq "local change won there" "$(mf_get 11 .status)" unread

# 4b. A change of an entry the server no longer has (its feed deleted
# from the phone, say): the 404 is said and the change dropped, not sent
# again by every later sync, which would never pull again.
gone=$(post_of 9)
run 0 "$MAJLIS" tag "$gone" starred
gr_edit 'del(.entries[] | select(.id == 9))'
gr_edit --argjson now "$(date +%s)" '.entries += [{id: 500, feed_id: 1,
    status: "unread", title: "after the gone one", url: "http://example.org/n/500",
    content: "x", author: "", published_at: "2024-01-01T00:00:00Z",
    changed_at: $now, starred: false}]'
sync
expect_grep "the refusal said" "answered 404 to /v1/entries/ID" "$T/err"
expect_eq "the change dropped" "$(sql "SELECT count(*) FROM sync_pending WHERE post_id = $gone")" 0
expect_eq "the pull went on" "$(sql "SELECT count(*) FROM posts WHERE sync_id = '500'")" 1
sync
expect_eq "not sent again" "$(grep -c '"/v1/entries/9"' "$T/gr.log")" 1

# 5. A key the server refuses: exit 1, nothing changed.
run 0 "$MAJLIS" mark read "$(post_of 12)"
printf 'wrong\n' >"$T/pw"
sqlite3 "$MAJLIS_DB" .dump >"$T/dump-before"
sync 1
expect_grep "refused" "the server refused the login" "$T/err"
sqlite3 "$MAJLIS_DB" .dump >"$T/dump-after"
cmp -s "$T/dump-before" "$T/dump-after" || fail "a refused login changed the cache"
printf '%s\n' "$PASSWORD" >"$T/pw"
sync
expect_eq "then sent" "$(mf_get 12 .status)" read

# 6. The key is in nothing majlis wrote.
enc=$(jq -rn --arg p "$PASSWORD" '$p | @uri')
for f in "$T/all.out" "$T/gr.log" "$T/server.log" "$MAJLIS_DB" \
    "$MAJLIS_DB-wal" "$T/config"; do
	[ -f "$f" ] || continue
	grep -aqF -e "$PASSWORD" -e "$enc" -e XYZZY "$f" &&
	    fail "the key is in $f"
done
exit 0
