#!/usr/bin/env bash
# SIGKILL in the middle of a fetch of 200 feeds, inside a write: the
# database is intact, every post and tag stored before is still there, no
# feed is stored halfway, and the next fetch completes.  The fetch kills
# itself where the test says (MAJLIS_TEST_CRASH, db.c): first right after
# its 3000th post was written, with its batch open; then just before a
# COMMIT.  A feed is stored whole or not at all is what makes this hold.
. tests/lib.sh
server_start
routes() {	# routes ITEMS VERSION DELAY_MS
	jq -nc --argjson items "$1" --arg version "$2" --argjson delay "$3" \
	    '[range(200) | {key: "/k/\(.)", value: {$items, $version, $delay}}] |
	    from_entries'
}
server_routes "$(routes 10 1 0)"
subscribe $(for i in $(seq 0 199); do echo "$BASE/k/$i"; done)

rc=$(run_status "$MAJLIS" fetch -q)
expect_eq "first fetch" "$rc" 0
expect_eq "posts" "$(sql 'SELECT count(*) FROM posts')" 2000
# Tag a few posts, remember everything there is.
for id in $(sql 'SELECT id FROM posts ORDER BY id LIMIT 5'); do
	"$MAJLIS" tag "$id" keep || fail "tag $id"
done
sql 'SELECT feed_id, key FROM posts' | LC_ALL=C sort >"$T/before"
sql 'SELECT post_id FROM post_tags ORDER BY 1' >"$T/tags-before"
expect_eq "tags" "$(wc -l <"$T/tags-before")" 5

# crash POINT: a fetch that kills itself at POINT; it must die there, by
# SIGKILL, and leave the database as it was or with whole feeds more.
crash() {
	local rc
	MAJLIS_TEST_CRASH=$1 "$MAJLIS_BIN" fetch -q >"$T/killed.out" 2>&1
	rc=$?
	expect_eq "$1: the fetch died by SIGKILL (128+9)" "$rc" 137
	expect_grep "$1: it died at the crash point" "^majlis: test crash at ${1/:/ }$" "$T/killed.out"
	expect_eq "$1: integrity" "$(sql 'PRAGMA integrity_check')" ok
	sql 'SELECT feed_id, key FROM posts' | LC_ALL=C sort >"$T/after"
	missing=$(LC_ALL=C comm -23 "$T/before" "$T/after" | wc -l)
	expect_eq "$1: posts lost by the kill" "$missing" 0
	sql 'SELECT post_id FROM post_tags ORDER BY 1' >"$T/tags-after"
	cmp -s "$T/tags-before" "$T/tags-after" || fail "$1: tags changed by the kill"
	# Each feed is all old or all new: a half-stored feed would be 10 < n < 50.
	half=$(sql 'SELECT count(*) FROM (SELECT feed_id, count(*) n FROM posts GROUP BY feed_id) WHERE n NOT IN (10, 50)')
	expect_eq "$1: feeds stored halfway" "$half" 0
	echo "$1: $(sql 'SELECT count(*) FROM posts') posts after the kill"
}

# Every feed changes and grows.  The 3000th post written is in the
# fetch's first second, in the middle of a batch.
server_routes "$(routes 50 2 0)"
crash post:3000
[ "$(sql 'SELECT count(*) FROM posts')" -lt 10000 ] ||
    fail "post:3000: every feed stored although the fetch died"
crash commit:2

rc=$(run_status "$MAJLIS" fetch)
expect_eq "next fetch" "$rc" 0
expect_eq "all posts" "$(sql 'SELECT count(*) FROM posts')" 10000
expect_eq "integrity after" "$(sql 'PRAGMA integrity_check')" ok
expect_eq "tags after" "$(sql 'SELECT count(*) FROM post_tags')" 5
exit 0
