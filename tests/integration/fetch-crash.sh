#!/usr/bin/env bash
# kill -9 in the middle of a fetch of 200 feeds: the database is intact,
# every post and tag stored before is still there, and the next fetch
# completes.  One transaction per feed is what makes this hold.
. tests/lib.sh
server_start
routes() {	# routes ITEMS VERSION DELAY_MS
	python3 - "$@" <<'PY'
import json, sys
items, version, delay = sys.argv[1:4]
print(json.dumps({"/k/%d" % i: {"items": int(items), "version": version,
                                "delay": int(delay)} for i in range(200)}))
PY
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

# Every feed changes and grows; the server is slow enough to be caught.
server_routes "$(routes 50 2 25)"
: >"$T/server.log"
"$MAJLIS" fetch -q >"$T/killed.out" 2>&1 &
pid=$!
for i in $(seq 200); do
	[ "$(grep -c "\"status\": 200" "$T/server.log")" -ge 60 ] && break
	sleep 0.05
done
{ kill -9 "$pid"; wait "$pid"; } 2>/dev/null
done_before=$(grep -c '"status": 200' "$T/server.log")
[ "$done_before" -lt 200 ] || fail "the fetch finished before it could be killed"

expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
sql 'SELECT feed_id, key FROM posts' | LC_ALL=C sort >"$T/after"
missing=$(LC_ALL=C comm -23 "$T/before" "$T/after" | wc -l)
expect_eq "posts lost by the kill" "$missing" 0
sql 'SELECT post_id FROM post_tags ORDER BY 1' >"$T/tags-after"
cmp -s "$T/tags-before" "$T/tags-after" || fail "tags changed by the kill"
# Each feed is all old or all new: a half-stored feed would be 10 < n < 50.
half=$(sql 'SELECT count(*) FROM (SELECT feed_id, count(*) n FROM posts GROUP BY feed_id) WHERE n NOT IN (10, 50)')
expect_eq "feeds stored halfway" "$half" 0

rc=$(run_status "$MAJLIS" fetch)
expect_eq "next fetch" "$rc" 0
expect_eq "all posts" "$(sql 'SELECT count(*) FROM posts')" 10000
expect_eq "integrity after" "$(sql 'PRAGMA integrity_check')" ok
expect_eq "tags after" "$(sql 'SELECT count(*) FROM post_tags')" 5
exit 0
