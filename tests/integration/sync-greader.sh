#!/usr/bin/env bash
# majlis sync with a Google Reader API as FreshRSS implements it
# (tests/greader.py): a first sync of 1,000 items a page of 50 at a time,
# an incremental one that asks only for what is new, read, starred and
# labels both ways (a label made in majlis appears on the server and comes
# back), the conflict rule (a pending local change wins), a post that both
# a fetch and the server bring is one post (in either order), and a wrong
# password: exit 1, nothing changed; proxy-only mode and tor = yes hold for
# the sync (under tor, a proxy login of its own, new each sync).  The password is in no output, no
# request log line and no byte of the database.
. tests/lib.sh
. tests/integration/sync.lib
server_start
greader_start
gr_seed 1000 4
: >"$T/all.out"
# sync [WANT]: majlis sync, its output kept for the password check.
sync() {
	run "${1:-0}" "$MAJLIS" sync
	cat "$T/out" "$T/err" >>"$T/all.out"
}
READING=/reader/api/0/stream/contents/user/-/state/com.google/reading-list
post_of() {	# post_of ITEM: the post with the server's item id
	sql "SELECT id FROM posts WHERE sync_id = '$1'"
}
item() {	# item K: the id of the server's item K
	echo $((1700000000000000 + $1 * 1000000))
}

# 1. The first sync: every item, a page at a time, in its feed.
sync
expect_grep "summary" '^sync: 1000 new posts$' "$T/out"
expect_eq "posts" "$(sql 'SELECT count(*) FROM posts')" 1000
expect_eq "each with its id" "$(sql 'SELECT count(DISTINCT sync_id) FROM posts')" 1000
expect_eq "feeds" "$(sql 'SELECT count(*) FROM feeds WHERE sync_id IS NOT NULL')" 4
expect_eq "feed of item 5" "$(sql "SELECT f.url FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE p.sync_id = '$(item 5)'")" "$BASE/f/2"
expect_eq "title of item 5" "$(sql "SELECT title FROM posts WHERE sync_id = '$(item 5)'")" "Feed /f/2 item 1 v1"
expect_eq "unread" "$(sql 'SELECT count(*) FROM posts WHERE read = 0')" 1000
expect_eq "folders as tags" "$("$MAJLIS" feeds --json | jq -r '[.[] | .tags | join(",")] | join(" ")')" "Blogs Blogs Blogs News"
# 1000 items, 50 a page: 20 full pages and the empty one after the last.
expect_eq "pages" "$(gr_count "$READING")" 21
expect_eq "first ot" "$(jq -rn '[inputs | select(.path | endswith("reading-list"))][0].query.ot' "$T/gr.log")" 0
expect_eq "nothing pending" "$(sql 'SELECT count(*) FROM sync_pending')" 0

# 2. Incremental: only what was crawled since the last sync's start.
since=$(sql "SELECT value FROM sync_state WHERE key = 'since'")
[ -n "$since" ] && [ "$since" -gt 1700000000 ] || fail "since: '$since'"
now=$(date +%s)
gr_edit --argjson now "$now" '.items += [range(5) | {id: ($now * 1000000 + .),
  feed: 1, title: "new \(.)", link: "http://example.org/new/\(.)",
  content: "new", published: $now, read: false, starred: false, labels: []}]'
: >"$T/gr.log"
sync
expect_grep "incremental summary" '^sync: 5 new posts$' "$T/out"
expect_eq "posts after" "$(sql 'SELECT count(*) FROM posts')" 1005
expect_eq "one page" "$(gr_count "$READING")" 1
expect_eq "ot is the last start" "$(jq -rn '[inputs | select(.path | endswith("reading-list"))][0].query.ot' "$T/gr.log")" "$since"

# The server's clock is two hours behind this one: the next ot is the
# server's time, so an item it crawls after this sync is not missed.
gr_edit '.clock = -7200'
sync
now=$(date +%s)
gr_edit --argjson t "$((now - 7000))" '.items += [{id: ($t * 1000000),
  feed: 1, title: "late", link: "http://example.org/late", content: "x",
  published: $t, read: false, starred: false, labels: []}]'
sync
expect_grep "an item of the server's time" '^sync: 1 new post$' "$T/out"
gr_edit 'del(.clock)'

# 3. Marks from the server: read, starred, a label (in Arabic script).
gr_edit '(.items[] | select(.id < 1700000010000000)) .read = true |
  (.items[] | select(.id == 1700000010000000)) .starred = true |
  (.items[] | select(.id == 1700000011000000)) .labels = ["مقالات"]'
sync
expect_eq "read from the server" "$(sql "SELECT count(*) FROM posts WHERE read = 1")" 10
expect_eq "starred as the tag" "$("$MAJLIS" posts --tag starred --json | jq -r '.[].id')" "$(post_of "$(item 10)")"
expect_eq "label as a tag" "$("$MAJLIS" posts --tag مقالات --json | jq -r '.[].id')" "$(post_of "$(item 11)")"
expect_eq "the server's marks are not pending" "$(sql 'SELECT count(*) FROM sync_pending')" 0

# 4. Marks from majlis: read, unread, starred, a label made here.
run 0 "$MAJLIS" mark read "$(post_of "$(item 20)")"
run 0 "$MAJLIS" mark unread "$(post_of "$(item 3)")"
run 0 "$MAJLIS" tag "$(post_of "$(item 22)")" starred
run 0 "$MAJLIS" tag "$(post_of "$(item 21)")" "من majlis"
run 0 "$MAJLIS" untag "$(post_of "$(item 11)")" مقالات
expect_eq "pending" "$(sql 'SELECT count(*) FROM sync_pending')" 5
sync
expect_grep "pushed" '^sync: 5 changes sent$' "$T/out"
expect_eq "read on the server" "$(gr_jq ".items[] | select(.id == $(item 20)) | .read")" true
expect_eq "unread on the server" "$(gr_jq ".items[] | select(.id == $(item 3)) | .read")" false
expect_eq "starred on the server" "$(gr_jq ".items[] | select(.id == $(item 22)) | .starred")" true
expect_eq "label made in majlis" "$(gr_jq ".items[] | select(.id == $(item 21)) | .labels | join(\",\")")" "من majlis"
expect_eq "label taken off" "$(gr_jq ".items[] | select(.id == $(item 11)) | .labels | length")" 0
expect_eq "acknowledged, no longer pending" "$(sql 'SELECT count(*) FROM sync_pending')" 0
expect_eq "still read here" "$(sql "SELECT read FROM posts WHERE sync_id = '$(item 20)'")" 1
expect_eq "still unread here" "$(sql "SELECT read FROM posts WHERE sync_id = '$(item 3)'")" 0
# ... and the label comes back from the server: moved to another item there.
gr_edit "(.items[] | select(.id == $(item 21))) .labels = [] |
  (.items[] | select(.id == $(item 23))) .labels = [\"من majlis\"]"
sync
expect_eq "label moved by the server" "$("$MAJLIS" posts --tag "من majlis" --json | jq -r '.[].id')" "$(post_of "$(item 23)")"
expect_eq "a push sends nothing twice" "$(grep -c '"edit-tag"\|/edit-tag' "$T/gr.log")" 5

# 5. The conflict rule: a pending local change wins over the server's.
# Items 41 and 42 are read on both sides; then the phone marks both unread,
# while here 41 is marked unread and read again (pending: read).
gr_edit "(.items[] | select(.id == $(item 41) or .id == $(item 42))) .read = true"
sync
expect_eq "41 read" "$(sql "SELECT read FROM posts WHERE sync_id = '$(item 41)'")" 1
gr_edit "(.items[] | select(.id == $(item 41) or .id == $(item 42))) .read = false"
run 0 "$MAJLIS" mark unread "$(post_of "$(item 41)")"
run 0 "$MAJLIS" mark read "$(post_of "$(item 41)")"
sync
expect_eq "local change won here" "$(sql "SELECT read FROM posts WHERE sync_id = '$(item 41)'")" 1
expect_eq "local change won there" "$(gr_jq ".items[] | select(.id == $(item 41)) | .read")" true
expect_eq "no local change: the server's" "$(sql "SELECT read FROM posts WHERE sync_id = '$(item 42)'")" 0

# 6. One post from a fetch and the server.  Synced first, then fetched:
# /f/1's generated items 0-2 are the server's items of feed 1 (same links).
before=$(sql 'SELECT count(*) FROM posts')
run 0 "$MAJLIS" fetch "$BASE/f/1"
expect_eq "a fetch adds none" "$(sql 'SELECT count(*) FROM posts')" "$before"
expect_eq "the fetched key, the server's id" "$(sql "SELECT key, sync_id IS NOT NULL FROM posts WHERE link = 'http://example.org/f/1/0'")" "/f/1-0|1"
# Fetched first, then synced: a feed the server lists only later.
run 0 "$MAJLIS" add "$BASE/f/9"
run 0 "$MAJLIS" fetch "$BASE/f/9"
expect_eq "fetched" "$(sql "SELECT count(*) FROM posts WHERE link LIKE 'http://example.org/f/9/%'")" 3
now=$(date +%s)
gr_edit --arg base "$BASE" --argjson now "$now" '.feeds += [{id: 9,
  url: "\($base)/f/9", title: "Nine", category: "Blogs"}] |
  .items += [range(3) | {id: ($now * 1000000 + 100 + .), feed: 9, title: "Nine \(.)",
    link: "http://example.org/f/9/\(.)", content: "x", published: 1700000900,
    read: true, starred: false, labels: []}]'
sync
expect_eq "one post each" "$(sql "SELECT count(*), count(sync_id), sum(read) FROM posts WHERE link LIKE 'http://example.org/f/9/%'")" "3|3|3"

# 7. A wrong password: exit 1, said, nothing changed.
printf 'wrong\n' >"$T/pw"
run 0 "$MAJLIS" mark read "$(post_of "$(item 50)")"
sqlite3 "$MAJLIS_DB" .dump >"$T/dump-before"
sync 1
expect_grep "refused" "the server refused the login of alice" "$T/err"
sqlite3 "$MAJLIS_DB" .dump >"$T/dump-after"
cmp -s "$T/dump-before" "$T/dump-after" || fail "a refused login changed the cache"
expect_eq "pending kept" "$(sql 'SELECT count(*) FROM sync_pending')" 1
# The password from a command's output does as well as a file.
sed -i '/^sync-password-file/d' "$T/config"
printf 'sync-password-command = cat %s\n' "$T/pw.real" >>"$T/config"
printf '%s\n' "$PASSWORD" >"$T/pw.real"
sync
expect_eq "pushed with the command's password" "$(gr_jq ".items[] | select(.id == $(item 50)) | .read")" true

# 8. A fetch syncs first, and the fetch's settings hold for the sync: the
# user agent, the proxy (one that is down: the sync fails, naming it).
now=$(date +%s)
gr_edit --argjson now "$now" '.items += [{id: ($now * 1000000 + 500),
  feed: 2, title: "by fetch", link: "http://example.org/byfetch",
  content: "x", published: $now, read: false, starred: false, labels: []}]'
echo "user-agent = majlis-sync-test" >>"$T/config"
: >"$T/gr.log"
run 0 "$MAJLIS" fetch -q
cat "$T/out" "$T/err" >>"$T/all.out"
expect_eq "the fetch synced" "$(sql "SELECT count(*) FROM posts WHERE link = 'http://example.org/byfetch'")" 1
expect_eq "the fetch's user agent" "$(jq -rn '[inputs | .agent] | unique | join(" ")' "$T/gr.log")" majlis-sync-test
dead=$(dead_port)
echo "proxy = http://127.0.0.1:$dead" >>"$T/config"
sync 1
expect_grep "through the proxy, which is down" "sync: .*: the proxy could not be reached" "$T/err"
sed -i '/^proxy = /d' "$T/config"
# proxy-only = yes holds for the sync: no_proxy does not send the server
# around the proxy (which is down), nothing reaches the server.
printf 'proxy-only = yes\nproxy = socks5h://127.0.0.1:%s\n' "$dead" >>"$T/config"
: >"$T/gr.log"
rc=$(export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1; run_status "$MAJLIS" sync)
expect_eq "proxy-only: the sync fails" "$rc" 1
expect_eq "proxy-only: nothing reached the server" "$(wc -l <"$T/gr.log")" 0
# ... and with no proxy at all it refuses to start.
sed -i '/^proxy = /d' "$T/config"
rc=$(run_status "$MAJLIS" sync)
expect_eq "proxy-only without a proxy: refused" "$rc" 2
sed -i '/^proxy-only = /d' "$T/config"

# tor = yes: the sync logs in to the proxy as its own, apart from every
# feed host's login of the fetch it comes first in, and a new one a run.
socks_start
printf 'tor = yes\nproxy = socks5h://127.0.0.1:%s\n' "$SOCKS_PORT" >>"$T/config"
gport=${GR#http://127.0.0.1:}
gport=${gport%%/*}
sync_logins() { jq -r --argjson p "$gport" 'select(.port == $p) | "\(.user)"' "$T/socks.log" | sort -u; }
run 0 "$MAJLIS" fetch
expect_eq "tor: the sync's requests all went through it" "$(sync_logins | wc -l)" 1
first=$(sync_logins)
[ -n "$first" ] && [ "$first" != null ] || fail "tor: the sync did not log in: '$first'"
expect_eq "tor: no feed host shares it" "$(jq -r --argjson p "$gport" 'select(.port != $p) | .user' "$T/socks.log" | grep -cxF -- "$first")" 0
[ "$(jq -r --argjson p "$gport" 'select(.port != $p) | .user' "$T/socks.log" | sort -u | wc -l)" -ge 1 ] || fail "tor: no feed was fetched through the proxy"
: >"$T/socks.log"
run 0 "$MAJLIS" sync
[ "$(sync_logins)" != "$first" ] && [ "$(sync_logins | wc -l)" = 1 ] || fail "tor: the next sync's login is not new: $(sync_logins)"
sed -i '/^tor = /d; /^proxy = /d' "$T/config"
socks_stop

# 9. The password is in nothing majlis wrote or sent but the login's form.
enc=$(jq -rn --arg p "$PASSWORD" '$p | @uri')
for f in "$T/all.out" "$T/gr.log" "$T/server.log" "$MAJLIS_DB" \
    "$MAJLIS_DB-wal" "$T/config"; do
	[ -f "$f" ] || continue
	grep -aqF -e "$PASSWORD" -e "$enc" -e "p&ss=w0rd" -e XYZZY "$f" &&
	    fail "the password is in $f"
done
exit 0
